# Moderación: la cola, los filtros de palabras, el registro público, las denuncias, los niveles de confianza y los silencios.

mod-queue-title = Cola de moderación
mod-heading = Moderación
mod-filters-title = Filtros de palabras
mod-log-title = Registro de moderación
mod-queue-views = Vistas de la cola
mod-queue-waiting = Pendientes
mod-queue-settled = Resueltos
mod-queue-intro = Publicaciones retenidas y denunciadas, las más antiguas primero. Las quejas airadas se publican (y se priorizan), nunca se retienen: lo que espera aquí son abusos, spam, palabras retenidas y lo que han denunciado los miembros. El texto ofensivo queda oculto hasta que decidas leerlo.
mod-queue-empty-open = No hay nada pendiente. ¡Buen trabajo!
mod-queue-empty-settled = Todavía no hay nada resuelto.

# Por qué una publicación está en la cola.
mod-reason-abuse = Lenguaje ofensivo
mod-reason-filter = Coincide con un filtro de palabras
mod-reason-spam = Parece spam
mod-reason-flags = Denunciado por miembros

# Quién puede ver la publicación: retenida (pendiente de revisión) y oculta (retirada) son distintas.
mod-visibility-visible = Publicado
mod-visibility-held = Retenido para revisión
mod-visibility-hidden = Oculto

mod-item-topic-in = tema en
mod-item-reply-in = respuesta en
mod-by = por
mod-queued = en cola
mod-deleted = eliminado
mod-toxicity = toxicidad { $score }
mod-signals = Señales:
mod-flags-count = { $n ->
    [one] Denuncia ({ $n }):
   *[other] Denuncias ({ $n }):
}
mod-flag-reason-spam = Spam
mod-flag-reason-abuse = Abuso
mod-flag-reason-off-topic = Fuera de tema
mod-flag-reason-other = Otra cosa
mod-flag-line = { $reason } — { $by }
mod-flag-line-note = { $reason } — { $by }: «{ $note }»

mod-author-record = Historial del autor:
mod-record-none = Aún no hay publicaciones.
mod-record-clean = { $n ->
    [one] Constructivo: { $n } publicación, ninguna ofensiva.
   *[other] Constructivo: { $n } publicaciones, ninguna ofensiva.
}
mod-record-few = { $n ->
    [one] Muy pocas publicaciones para hablar de un patrón: { $abusive } de { $n } con contenido ofensivo. Lee la publicación en sí.
   *[other] Muy pocas publicaciones para hablar de un patrón: { $abusive } de { $n } con contenido ofensivo. Lee la publicación en sí.
}
mod-record-mostly = { $n ->
    [one] Mayormente constructivo: { $share } % de publicaciones ofensivas ({ $abusive } de { $n }), probablemente un cliente frustrado.
   *[other] Mayormente constructivo: { $share } % de publicaciones ofensivas ({ $abusive } de { $n }), probablemente un cliente frustrado.
}
mod-record-often = { $n ->
    [one] A menudo ofensivo: { $abusive } de { $n } publicación ({ $share } %), { $actions }. Trátalo como un patrón, no como algo aislado.
   *[other] A menudo ofensivo: { $abusive } de { $n } publicaciones ({ $share } %), { $actions }. Trátalo como un patrón, no como algo aislado.
}
mod-record-upheld = { $n ->
    [one] { $n } acción de moderación confirmada
   *[other] { $n } acciones de moderación confirmadas
}
mod-history-caption = Publicaciones de { $name } por mes, constructivas y ofensivas
mod-col-month = Mes
mod-col-constructive = Constructivas
mod-col-abusive = Ofensivas
mod-settled-as = Resuelto: { $action }

# El formulario de acción.
mod-action-legend-topic = Acción sobre este tema
mod-action-legend-reply = Acción sobre esta respuesta
mod-action-approve = Aprobar
mod-action-edit = Editar y publicar
mod-action-hide = Ocultar
mod-action-delete = Eliminar
mod-action-warn = Advertir al autor
mod-action-silence = Silenciar al autor
mod-action-suspend = Suspender al autor
mod-field-reason = Motivo (lo ven el autor y el registro público)
mod-field-days = Días de silencio (para «Silenciar al autor»)
mod-edit-text = Editar el texto (para «Editar y publicar»)
mod-field-new-text = Nuevo texto
mod-apply = Aplicar la acción
mod-apply-which = al elemento { $id }

# Filtros de palabras.
mod-back-to-queue = Volver a la cola
mod-filters-intro = Los filtros buscan palabras completas tras normalizar mayúsculas, acentos, dígitos y símbolos que imitan letras («sh1t»), letras alargadas («stuuupid») y letras separadas («f u c k»); nunca un trozo de una palabra más larga, así que «Scunthorpe», «classic» y «smartwatch» pasan.
mod-filters-wildcard-start = Termina una palabra con
mod-filters-wildcard-middle = para incluir sus terminaciones
mod-filters-wildcard-example = encuentra «idiots»
mod-filters-empty = Todavía no hay filtros.
mod-col-words = Palabras
mod-col-action = Acción
mod-col-replacement = Sustitución
mod-col-remove = Quitar
mod-filter-remove = Quitar
mod-filter-remove-which = el filtro { $pattern }
mod-filter-add-heading = Añadir un filtro
mod-field-pattern = Palabra o frase
mod-field-pattern-hint = Hasta ocho palabras; * al principio o al final de una palabra.
mod-field-filter-action = Qué hace una coincidencia
mod-field-replacement = Sustitución (para Sustituir)
mod-filter-action-block = Bloquear
mod-filter-action-hold = Retener para revisión
mod-filter-action-replace = Sustituir
mod-filter-action-flag = Marcar para revisión
mod-filter-add = Añadir el filtro
mod-filter-try-heading = Probar un texto
mod-field-sample = Texto que comprobar
mod-filter-check = Comprobar
mod-filter-no-match = Ningún filtro coincide.
mod-filter-hit = «{ $text }» coincide con
mod-filter-after = Tras la sustitución: { $text }

# El registro público.
mod-log-intro = Cada acción de moderación en esta comunidad, la más reciente primero, con su motivo.
mod-log-intro-staff = Ves quién actuó porque eres del equipo; los miembros no lo ven.
mod-log-intro-public = Los moderadores actúan en nombre de la comunidad, por eso no se muestran sus nombres.
mod-log-empty = Todavía no hay acciones de moderación.
mod-log-caption = Acciones de moderación
mod-col-log-action = Acción
mod-col-when = Cuándo
mod-col-reason = Motivo
mod-col-member = Miembro
mod-col-post = Publicación
mod-col-by = Por
mod-col-evidence = Pruebas
mod-log-automatic = (automático)
mod-log-by-chorus = Chorus
mod-log-older = Acciones anteriores
mod-log-reply = respuesta #{ $id }
mod-log-action-held = retenido
mod-log-action-hidden = oculto por denuncias
mod-log-action-approve = aprobado
mod-log-action-edit = editado y publicado
mod-log-action-hide = ocultado
mod-log-action-delete = eliminado
mod-log-action-warn = advertencia
mod-log-action-silence = silenciado
mod-log-action-suspend = suspendido
mod-log-action-filter-added = filtro añadido
mod-log-action-trust-level = nivel de confianza
mod-log-action-unsilence = silencio levantado

# Niveles de confianza.
mod-trust-new = Miembro nuevo
mod-trust-basic = Básico
mod-trust-member = Habitual
mod-trust-trusted = De confianza

# Mensajes tras una acción.
mod-flash-flag-again = Ya lo habías denunciado; los moderadores lo tienen.
mod-flash-flag-hidden = Gracias. Queda oculto hasta que un moderador lo haya leído.
mod-flash-flag-thanks = Gracias. Un moderador lo revisará.
mod-flash-choose-action = Elige una acción para este elemento y después aplícala.
mod-flash-days-number = Indica un número de días.
mod-flash-done = { $action }: hecho, registrado y con aviso al autor.
mod-flash-done-plain = Hecho, registrado y con aviso al autor.
mod-flash-filter-added = Filtro añadido: { $pattern } ({ $action }).
mod-flash-filter-removed = Filtro quitado.
mod-flash-trust-set = Nivel de confianza cambiado a { $level }.
mod-flash-unsilenced = El miembro puede volver a publicar.
mod-title-masked = el tema (su título se oculta junto con el texto)
mod-signals-masked = Las palabras detectadas también están ocultas.
