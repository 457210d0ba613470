# Base de conocimiento: el índice, los artículos, la redacción, la cola de revisión y la promoción.

kb-title = Base de conocimiento
kb-feed-title = Base de conocimiento
kb-feeds = Canales
kb-feed-link = Canal Atom de artículos
kb-new-article = Nuevo artículo
kb-edit-title = Editar el artículo
kb-review-title = Cola de revisión
kb-search-label = Buscar artículos
kb-search-button = Buscar
kb-empty = Todavía no hay artículos.
kb-empty-in-category = Todavía no hay artículos en { $category }.
kb-categories = Categorías
kb-all-categories = Todas
kb-updated = actualizado
kb-published = publicado
kb-views = { $n ->
    [one] { $n } visita
   *[other] { $n } visitas
}
kb-helpful-none = aún sin votos
kb-helpful-count = { $n ->
    [one] útil para { $yes } de { $n } persona
   *[other] útil para { $yes } de { $n } personas
}

kb-not-public-draft = Este artículo es un borrador: solo el equipo puede verlo.
kb-not-public-archived = Este artículo está archivado: solo el equipo puede verlo.
kb-source-link = Conversación original
kb-transcript = Transcripción del vídeo
kb-helpful-question = ¿Te ha resultado útil?
kb-helpful-yes = Sí
kb-helpful-no = No
kb-solves-it = Esto resuelve mi problema, no hace falta publicar
kb-staff-heading = Equipo
kb-edit = Editar
kb-publish = Publicar
kb-publish-named = Publicar { $title }
kb-unpublish = Retirar la publicación
kb-archive = Archivar
kb-transcript-label = Transcripción o subtítulos del vídeo (texto sin formato, se busca junto con el artículo; si lo vacías, se elimina)
kb-transcript-save = Guardar la transcripción
kb-versions = Versiones
kb-version = Versión { $version }: «{ $title }», de { $editor }
kb-version-someone = alguien

kb-field-title = Título
kb-field-title-hint = Lo que el lector quiere hacer o resolver, con sus propias palabras.
kb-field-body = Artículo
kb-field-body-hint = Puedes usar Markdown: ## títulos, listas, `código`, enlaces.
kb-field-category = Categoría (opcional)
kb-save-version = Guardar nueva versión
kb-save-draft = Guardar borrador
kb-cancel = Cancelar

kb-review-intro = Borradores escritos por el equipo o promovidos desde temas respondidos y casos resueltos.
kb-review-manager-publishes = Los publica un responsable.
kb-review-empty = No hay borradores pendientes.
kb-review-caption = Artículos en borrador
kb-review-written = redactado
kb-col-title = Título
kb-col-author = Autor
kb-col-updated = Actualizado
kb-col-from = Origen
kb-col-action = Acción

kb-flash-thanks = Gracias por tu opinión.
kb-flash-transcript-saved = Transcripción guardada: se busca junto con el artículo.
kb-flash-draft-saved = Borrador guardado. Un responsable lo publica desde la cola de revisión.
kb-flash-version-saved = Guardado como nueva versión; las versiones anteriores quedan en el historial.
kb-flash-published = Publicado: el artículo es público y se sugiere a quienes escriben.
kb-flash-archived = Archivado: el artículo ha salido de la base de conocimiento.
kb-flash-unpublished = Ha vuelto a ser un borrador.
kb-flash-promoted-topic = Se ha creado un borrador a partir de la pregunta y su respuesta aceptada. Edítalo y después un responsable lo publicará.
kb-flash-topic-has-article = Este tema ya tiene un artículo.
kb-flash-promoted-case = Se ha creado un borrador a partir del caso. Edítalo y después un responsable lo publicará.
kb-flash-case-has-article = Este caso ya tiene un artículo.
