# Rechazos y conflictos escritos por el servicio y la capa web (ver chorus_i18n::Text).

text-verbatim = { $text }
err-limit-range = debe estar entre 1 y { $max }
err-lease-moved = esta instancia ya no tiene el turno de { $lease }; lo tiene otra
err-not-a-date = { $value } no es una fecha (2026-11-22) ni una hora RFC 3339
err-unknown-name = { $what } desconocido { $value }: se espera uno de { $expected }
err-unknown-role = rol desconocido { $value }: se espera member, agent, manager o admin

## What a refused request says (the API capitalises the first letter)
err-fields = Algunos campos necesitan atención.
err-unauthenticated = hay que iniciar sesión
err-invalid-credentials = la dirección de correo o la contraseña no son correctas
err-suspended = esta cuenta está suspendida
err-forbidden = no tienes permiso para hacer esto
err-not-found = no se encontró: { $what }
err-rate-limited = demasiados intentos; vuelve a intentarlo en { $secs } s
err-silenced = un moderador ha pausado tus publicaciones hasta { $until }
err-internal = Algo ha fallado por nuestra parte. Ha quedado registrado.

## Error pages
error-page-not-found = No encontramos esa página. Puede que se haya movido o que nunca existiera.
error-page-forbidden = Tu cuenta no tiene acceso a esta página.
error-page-too-large = Lo que enviaste es demasiado grande.
error-page-not-a-form = Este formulario debe enviarse como un formulario normal.
error-page-unreadable-form = No se pudo leer el formulario: { $detail }
error-page-cross-site = Esta solicitud vino de otro sitio, así que se rechazó para proteger tu cuenta. Vuelve atrás, recarga la página e inténtalo de nuevo.
error-page-method = Esta dirección no acepta ese tipo de solicitud.
error-page-timeout = Ha tardado demasiado. Inténtalo de nuevo.
error-page-unhandled = No se pudo atender la solicitud.

## Refusals of the web layer and the API
err-web-not-an-id = { $value } no es un id
err-web-export-unknown = { $report } debe ser uno de { $expected }
err-web-oembed-format = usa json
err-web-flag-state = { $value } debe ser open o resolved
err-web-deflection-event = usa shown, opened, solved o posted
err-web-deflection-target = usa topic o article
err-web-case-source = indica mention_id o topic_id, no ambos
err-web-not-a-theme = { $value } no es el id de un tema
err-web-whole-number = debe ser un número entero

## Form fields, named in front of a refusal that needs its field ("Minimum followers: must be a whole number")
field-conditions-channels = Canales
field-conditions-intents = Intenciones
field-conditions-sentiments = Sentimientos
field-conditions-min-followers = Mínimo de seguidores
field-conditions-keywords = Palabras clave
field-conditions-languages = Idiomas
field-conditions-themes = Temas
field-team-id = Equipo
field-name = Nombre
field-title = Título
field-body = Texto
field-actions = Acciones
field-channel = Canal
field-state = Estado
field-priority = Prioridad
field-note = Nota
field-assignee = Asignado a
field-level = Nivel de confianza
field-mention-ids = Menciones
field-mention-id = Mención
field-topic-id = Tema
field-status = Estado
field-reason = Motivo
field-limit = Tamaño de página
field-pattern = Patrón
field-action = Acción
field-email = Correo electrónico
field-into = Fusionar en
field-user-id = Miembro
field-category = Categoría
field-description = Descripción
field-starts-at = Inicio
field-ends-at = Fin
field-product = Producto
field-query = Consulta
field-role = Rol
error-page-bad-address = No se pudo leer una parte de esta dirección. Revisa el enlace o vuelve atrás e inténtalo de nuevo.
