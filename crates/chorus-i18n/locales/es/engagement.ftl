# Participación: elogios por responder, embajadores, sesiones abiertas y encuestas de satisfacción.

## Elogios por responder

engage-praise-title = Elogios que merecen respuesta
engage-praise-intro = Menciones positivas y temas de elogio que nadie ha respondido aún, primero los que más merecen respuesta: por alcance, por fans que repiten y por si nombran un producto o a alguien del equipo. Los elogios nunca entran en la bandeja de casos.
engage-see-also = Consulta también:
engage-see-advocates = embajadores
engage-see-turnaround = informe de recuperación
engage-praise-empty = No hay nada que responder ahora mismo. Los nuevos elogios aparecen aquí en cuanto se escuchan.
engage-channel-community = Comunidad
engage-channel-mastodon = Mastodon
engage-channel-bluesky = Bluesky
engage-channel-feed = Canal de noticias
engage-channel-webhook = Webhook
engage-channel-email = Correo electrónico
engage-channel-import = Importación
engage-original = Ver original
engage-original-by = (publicación de { $author })
engage-why = Motivo: { $reason }
engage-reach = alcance { $reach }
engage-reason-topic = { $n ->
    [one] tema de elogio con { $n } voto
   *[other] tema de elogio con { $n } votos
}
engage-reason-followers = { $n ->
    [one] llega a { $n } seguidor
   *[other] llega a { $n } seguidores
}
engage-reason-repeat-fan = { $n ->
    [one] fan habitual ({ $n } publicación positiva)
   *[other] fan habitual ({ $n } publicaciones positivas)
}
engage-reason-names = nombra a { $names }
engage-reason-positive = mención positiva
engage-thank = Dar las gracias a { $author }
engage-canned = Respuesta predefinida
engage-canned-none = Ninguna: usar el texto de abajo
engage-thanks-mention = Tu agradecimiento (se publica como respuesta en { $channel })
engage-thanks-topic = Tu agradecimiento (una respuesta oficial en el tema)
engage-thanks-send = Enviar el agradecimiento
engage-cannot-post = Chorus no puede publicar en { $channel } en este caso (llegó sin una cuenta conectada): dale las gracias donde lo publicó.
engage-feature = Destacar en la comunidad
engage-feature-consent = { $author } aceptó que se destaque
engage-feature-send = Publicarlo como tema de elogio
engage-dismiss = Descartar
engage-dismiss-post-by = la publicación de { $author }
engage-thanked-mention = Agradecimiento en cola: se enviará por su canal.
engage-thanked-topic = Agradecimiento publicado en el tema.
engage-featured = Destacado en la comunidad: «{ $title }».
engage-feature-choose = Elige una mención para destacar.
engage-dismissed = Quitado de la cola.

## Embajadores

engage-advocates-title = Embajadores
engage-advocates-intro = { $n ->
    [one] Las personas con más contribuciones positivas en el último día, en todos los canales: 5 puntos por respuesta aceptada, 3 por tema de elogio, 2 por mención positiva, 1 por cada voto útil que recibieron sus respuestas.
   *[other] Las personas con más contribuciones positivas en los últimos { $n } días, en todos los canales: 5 puntos por respuesta aceptada, 3 por tema de elogio, 2 por mención positiva, 1 por cada voto útil que recibieron sus respuestas.
}
engage-advocates-people = Un miembro y los perfiles vinculados a él cuentan como una sola persona.
engage-advocates-empty = Todavía no hay contribuciones positivas en este periodo.
engage-advocates-caption = Embajadores por puntuación
engage-col-person = Persona
engage-col-score = Puntuación
engage-col-accepted = Respuestas aceptadas
engage-col-votes = Votos útiles
engage-col-praise = Temas de elogio
engage-col-mentions = Menciones positivas
engage-col-reach = Alcance
engage-col-last = Última actividad
engage-col-program = Programa
engage-invited = Invitación enviada el { $date }
engage-invite = Invitar
engage-invite-label = Invitación (se envía por correo electrónico)
engage-invite-send = Enviar la invitación
engage-not-member = No es miembro
engage-invite-subject = Una invitación de { $hub }
engage-invite-body = Eres una de las personas que hacen que { $hub } funcione: tus respuestas y tus palabras amables ayudan a otras personas cada día. Nos gustaría invitarte a nuestro programa de embajadores: acceso anticipado a las novedades, una línea directa con el equipo y un agradecimiento de nuestra parte. Responde a este correo si quieres unirte.
engage-invite-sent = Invitación enviada.
engage-invite-choose = Elige a un miembro.

## Encuestas de satisfacción

csat-title = ¿Qué tal lo hicimos?
csat-about = Sobre: «{ $subject }»
csat-thanks = ¡Gracias! Tu respuesta ({ $score } de 5) nos ayuda a mejorar.
csat-answered = Esta encuesta ya se respondió ({ $score } de 5). ¡Gracias!
csat-expired = El enlace de esta encuesta ha caducado. Gracias por acordarte de nosotros.
csat-question = ¿Cuál es tu grado de satisfacción con la ayuda que recibiste?
csat-score-1 = muy mal
csat-score-2 = mal
csat-score-3 = regular
csat-score-4 = bien
csat-score-5 = muy bien
csat-comment = ¿Algo que quieras contarnos? (opcional)
csat-send = Enviar tu respuesta

## Sesiones abiertas

event-list-title = Encuentros
event-schedule = Programar una sesión abierta
event-list-intro = Conoce al equipo: haz preguntas y vota antes y durante cada sesión, y lee las respuestas después.
event-search-label = Buscar sesiones, preguntas y respuestas
event-search = Buscar
event-list-empty = Todavía no hay sesiones abiertas.
event-list-no-match = Ninguna sesión abierta coincide con «{ $q }».
event-phase-live = En directo
event-phase-upcoming = Próximamente
event-phase-ended = Archivo
event-counts = { $n ->
    [one] { $n } pregunta, { $answered } con respuesta
   *[other] { $n } preguntas, { $answered } con respuesta
}
event-when-same-day = { $day }, de { $start } a { $end } UTC
event-when-range = del { $start } al { $end }
event-hosted-by = presentada por { $hosts }
event-add-calendar = Añadir al calendario
event-ics-file = (archivo ICS)
event-remind = Recordármelo por correo
event-stop-remind = Quitar el recordatorio
event-promote = Crear un artículo de la base de conocimiento con las respuestas
event-ask-title = Haz una pregunta
event-your-question = Tu pregunta
event-ask = Preguntar
event-login-to-ask = Inicia sesión para preguntar y votar
event-questions = Preguntas
event-archive-intro = El archivo de esta sesión abierta: sus preguntas y las respuestas del equipo.
event-live-intro = Primero las más votadas. Esta lista se actualiza sola mientras la página está abierta; recarga para ver lo último sin JavaScript.
event-field-title = Título
event-field-starts = Empieza (UTC)
event-field-ends = Termina (UTC)
event-field-product = Producto (opcional)
event-field-description = De qué trata (Markdown, opcional; un enlace de vídeo solo en una línea se convierte en un reproductor)
event-field-hosts = Presentadores (responden a las preguntas)
event-schedule-send = Programar
event-no-questions = Todavía no hay preguntas.
event-be-first = Sé la primera persona en preguntar.
event-votes = { $n ->
    [one] { $n } voto
   *[other] { $n } votos
}
event-asked-by = Pregunta de { $author }
event-held = Pendiente de revisión
event-hidden = Oculta
event-vote = Votar
event-voted = Votado
event-vote-hidden = por esta pregunta
event-official-answer = Respuesta oficial
event-answer = Responder
event-change-answer = Cambiar la respuesta
event-change-answer-hidden = a esta pregunta
event-this-question = esta pregunta
event-answer-label = Respuesta oficial (Markdown; un enlace de vídeo solo en una línea se convierte en un reproductor)
event-answer-send = Publicar la respuesta
event-hide = Ocultar
event-show = Mostrar
event-duplicate-of = Duplicada de
event-choose-question = Elige una pregunta
event-merge = Fusionar
event-scheduled = La sesión abierta está programada. Comparte su página para que la gente pueda hacer preguntas.
event-asked-held = Tu pregunta espera la revisión de un moderador antes de que otros la vean.
event-asked = Tu pregunta está publicada. Los demás ya pueden votarla.
event-following = Recibirás un recordatorio por correo antes de que empiece.
event-unfollowed = Ya no sigues esta sesión abierta.
event-promoted = Se creó un borrador de artículo con las preguntas respondidas. Edítalo y luego envíalo a revisión.
event-vote-counted = Voto contado.
event-vote-removed = Voto retirado.
event-answered = Respuesta publicada.
event-merged = Fusionada: sus votos cuentan para la otra pregunta.
event-merge-choose = Elige la pregunta de la que es duplicada.
event-shown = La pregunta está visible.
event-hidden-done = La pregunta está oculta.
