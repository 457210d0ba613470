# community: listados de temas, páginas de temas, respuestas, reacciones, estados de ideas e historiales de edición.

## Tipos de tema y estados de ideas

community-kind-question = Pregunta
community-kind-problem = Problema
community-kind-idea = Idea
community-kind-praise = Elogio
community-status-open = Abierta
community-status-under-review = En revisión
community-status-planned = Planificada
community-status-started = En marcha
community-status-done = Completada
community-status-declined = Rechazada
community-status-duplicate = Duplicada

## Listados

community-heading-latest = Temas recientes
community-heading-top = Temas más populares
community-heading-unanswered = Preguntas y problemas sin respuesta
community-heading-kind-question = Preguntas
community-heading-kind-problem = Problemas
community-heading-kind-idea = Ideas
community-heading-kind-praise = Elogios
community-heading-tagged = { $list } con la etiqueta «{ $tag }»
community-sort-latest = Recientes
community-sort-top = Más populares
community-sort-unanswered = Sin respuesta
community-kind-all = Todos los temas
community-status-any = Cualquier estado
community-new-topic = Nuevo tema
community-sort-nav = Ordenar temas
community-kind-nav = Filtrar por tipo
community-status-nav = Filtrar ideas por estado
community-showing-tagged = Temas con la etiqueta #{ $tag }.
community-show-all = Ver todos los temas
community-topics-list = Temas
community-empty = Aún no hay nada aquí.
community-start-topic = Abre un tema
community-more-topics = Más temas
community-feed = Feed Atom de esta lista
community-popular-tags = Etiquetas populares
community-no-tags = Aún no hay etiquetas.
community-tag-topics = { $n ->
    [one] { $n } tema
   *[other] { $n } temas
}
community-answered = Con respuesta
community-replies = { $n ->
    [one] { $n } respuesta
   *[other] { $n } respuestas
}
community-other-replies = { $n ->
    [one] { $n } respuesta más
   *[other] { $n } respuestas más
}
community-votes = { $n ->
    [one] { $n } voto
   *[other] { $n } votos
}
community-me-too-count = { $n ->
    [one] { $n } persona tiene lo mismo
   *[other] { $n } personas tienen lo mismo
}
community-active = última actividad

## Página del tema

community-deleted = Eliminado
community-held = Pendiente de revisión: { $reason }
community-held-abuse = Lenguaje ofensivo
community-held-filter = Coincide con un filtro de palabras
community-held-spam = Parece spam
community-held-flags = Denunciado por miembros
community-held-hidden = Oculto para los demás miembros
community-held-note = Por ahora, este tema solo lo ven tú y los moderadores.
community-held-waiting = Esperando a un moderador
community-hidden = Oculto: { $reason }
community-nudge-abuse = Tu frustración es bienvenida aquí, pero esto parece un ataque a una persona. ¿Puedes reformularlo centrándote en lo que salió mal? Las publicaciones así quedan retenidas hasta que un moderador las lee.
community-nudge-filter = Contiene palabras que esta comunidad ha pedido a los moderadores que revisen. Puedes reformularlo o publicarlo tal cual y un moderador lo leerá primero.
community-nudge-spam = Esto se parece mucho a spam (muchos enlaces, el mismo texto otra vez o muchas publicaciones en poco tiempo). Un moderador lo leerá antes de que se publique.
community-nudge-flags = Varios miembros han denunciado esta publicación, así que está oculta hasta que un moderador la lea.
community-in-category = en { $category }
community-edited = editado, ver versiones anteriores
community-duplicate-of = Esta idea duplica otra, que ha recibido sus votos y seguidores:
community-edit-topic = Editar tema
community-delete-topic = Eliminar tema
community-accepted-answer = Respuesta aceptada
community-solves-it = Esto resuelve mi problema, no hace falta publicar
community-article-notice = Esta respuesta también es un artículo de la base de conocimiento:
community-article-state-draft = borrador
community-article-state-published = publicado
community-article-state-archived = archivado
community-promote = Convertir en artículo de la base de conocimiento
community-status-history = Historial de estados
community-status-by-staff = Un miembro del equipo
community-set-status-heading = Cambiar el estado (equipo)
community-status-label = Estado
community-status-note = Nota pública
community-duplicate-label = Duplicada de (número de la idea)
community-duplicate-hint = Solo para el estado Duplicada: la idea que recibe los votos y los seguidores.
community-duplicate-number = Indica el número de la idea, p. ej. 42.
community-set-status = Cambiar estado
community-status-set = Estado cambiado a { $status }. Se ha avisado a quienes siguen o votaron la idea.
community-flag-reason-spam = Spam
community-flag-reason-abuse = Abuso
community-flag-reason-off-topic = Fuera de tema
community-flag-reason-other = Otra cosa

## Reacciones

community-vote-idea = Votar por esta idea
community-voted-idea = Has votado por esta idea
community-login-vote-idea = Inicia sesión para votar por esta idea
community-vote-reply = Votar por esta respuesta
community-voted-reply = Has votado por esta respuesta
community-login-vote-reply = Inicia sesión para votar por esta respuesta
community-me-too = A mí también me pasa
community-me-too-active = También te pasa a ti
community-login-me-too = { $kind ->
    [question] Inicia sesión para decir que tienes la misma pregunta
   *[other] Inicia sesión para decir que tienes el mismo problema
}
community-follow = Seguir este tema
community-following = Sigues este tema
community-login-follow = Inicia sesión para seguir este tema
community-followers = { $n ->
    [one] { $shown } seguidor
   *[other] { $shown } seguidores
}

## Respuestas

community-reply-by = Respuesta de { $name }
community-official-answer = Respuesta oficial
community-accepted = Aceptada
community-accept = Aceptar esta respuesta
community-unaccept = Dejar de aceptar esta respuesta
community-accepted-flash = Respuesta aceptada. ¡Gracias por cerrar el círculo!
community-unaccepted = La respuesta ya no está aceptada.
community-edit-reply = Editar respuesta
community-edit-reply-by = Editar la respuesta de { $name }
community-delete-reply = Eliminar respuesta
community-delete-reply-by = Eliminar la respuesta de { $name }
community-your-reply = Tu respuesta
community-before-you-post = Antes de publicar:
community-nudge-choice = Edita tu respuesta abajo, o publícala tal cual y un moderador la leerá primero.
community-reply-label = Respuesta
community-markdown-hint = Puedes usar Markdown: **negrita**, listas, `código`, [enlaces](https://example.com).
community-post-reply = Publicar respuesta
community-login-to-reply = Inicia sesión para responder
community-signup-to-reply = ¿Eres nuevo? Regístrate para responder
community-reply-posted = Tu respuesta está publicada.
community-reply-held = Tu respuesta está retenida: un moderador la leerá antes de que otros la vean.

## Edición e historiales

community-edit-reply-title = Editar respuesta
community-save-changes = Guardar cambios
community-cancel-edit = Cancelar
community-topic-saved = Tus cambios están guardados; la versión anterior queda en el historial.
community-topic-deleted = Se ha eliminado el tema.
community-reply-updated = Se ha actualizado tu respuesta.
community-reply-deleted = Se ha eliminado la respuesta.
community-history-topic = Historial de ediciones de «{ $title }»
community-history-reply = Historial de ediciones de una respuesta de { $name }
community-history-back = Volver al tema
community-history-current = Versión actual
community-history-replaced = Sustituida el { $when } por { $editor }
community-history-someone = alguien
community-history-tags = Etiquetas: { $tags }
community-history-never = Nunca se ha editado.
