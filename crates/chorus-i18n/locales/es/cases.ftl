# Casos: la bandeja de entrada, la página de un caso y la configuración del triaje (equipos, reglas de enrutamiento, respuestas predefinidas, alertas).

## Bandeja de entrada

cases-inbox = Bandeja de entrada
cases-active-counts = Casos activos
cases-count-mine = { $n ->
    [one] asignado a mí
   *[other] asignados a mí
}
cases-count-unassigned = { $n ->
    [one] sin asignar
   *[other] sin asignar
}
cases-count-all = { $n ->
    [one] activo en total
   *[other] activos en total
}
cases-views = Vistas de casos
cases-view-mine = Mis casos
cases-view-unassigned = Sin asignar
cases-view-breaching = A punto de incumplir
cases-view-all = Todos los activos
cases-team-queue = Cola del equipo
cases-all-teams = Todos los equipos
cases-state = Estado
cases-show-queue = Mostrar la cola
cases-empty-view = No hay casos en esta vista.
cases-older = Casos anteriores
cases-bulk = Cambiar los casos marcados
cases-bulk-action = Con los casos marcados
cases-bulk-choose = Elige una acción
cases-bulk-assign = Asignar a
cases-bulk-team = Mover al equipo
cases-bulk-close = Cerrar: no requiere acción
cases-bulk-merge = Fusionar con el caso
cases-bulk-staff = Miembro del personal
cases-bulk-nobody = Nadie (quitar la asignación)
cases-bulk-team-label = Equipo
cases-bulk-no-team = Sin equipo
cases-bulk-into = Número del caso con el que fusionar
cases-bulk-apply = Aplicar a los casos marcados
cases-bulk-done = { $n ->
    [one] { $n } caso cambiado.
   *[other] { $n } casos cambiados.
}
cases-bulk-failed = Caso #{ $id }: { $why }.
cases-bulk-none-ticked = Marca al menos un caso y luego elige qué hacer con los casos marcados.
cases-bulk-no-action = Elige qué hacer con los casos marcados.
cases-tick = Marcar el caso #{ $id }

## Un caso en las listas y en su página

cases-case-title = Caso #{ $id }: { $subject }
cases-opened = abierto
cases-team = equipo { $team }
cases-unassigned = sin asignar
cases-held-by = lo lleva { $name }
cases-score-title = Puntuación de prioridad: { $score } de 100
cases-why-priority = Por qué la prioridad es { $priority } (puntuación { $score })
cases-escalated-to = Escalado a { $to }
cases-sla-clocks = Plazos del SLA
cases-clock-first-response = Primera respuesta
cases-clock-next-response = Siguiente respuesta
cases-clock-resolution = Resolución
cases-clock-label = { $clock }:
cases-clock-status = { $status ->
    [met] cumplido; vencimiento
    [breached] incumplido; vencimiento
    [overdue] vencido; venció
    [soon] vence pronto,
   *[running] en curso, vence
}

cases-state-active = Activos
cases-state-new = Nuevo
cases-state-open = Abierto
cases-state-pending = Pendiente
cases-state-resolved = Resuelto
cases-state-closed = Cerrado

cases-priority-urgent = Urgente
cases-priority-high = Alta
cases-priority-normal = Normal
cases-priority-low = Baja

cases-channel-community = Comunidad
cases-channel-mastodon = Mastodon
cases-channel-bluesky = Bluesky
cases-channel-feed = Fuente RSS
cases-channel-webhook = Webhook
cases-channel-email = Correo electrónico
cases-channel-import = Importación
cases-channel-incident = Incidencia

cases-sentiment-negative = negativo
cases-sentiment-neutral = neutro
cases-sentiment-positive = positivo
cases-intent-complaint = queja
cases-intent-question = pregunta
cases-intent-praise = elogio
cases-intent-idea = idea
cases-intent-other = otro

## La página del caso

cases-customer-named = cliente { $name }
cases-customer-unnamed = cliente
cases-original-message = Mensaje original
cases-sla = Plazos de servicio
cases-sla-none = No se aplica ningún objetivo de SLA.
cases-csat = Satisfacción del cliente:
cases-csat-score = { $score } de 5
cases-csat-score-comment = { $score } de 5: «{ $comment }»
cases-csat-sent = Encuesta enviada ({ $via }), aún sin respuesta
cases-csat-sending = Enviando la encuesta
cases-conversation = Conversación
cases-started-here = Este caso empezó aquí:
cases-followers = { $n ->
    [one] seguidor
   *[other] seguidores
}
cases-signals = Señales
cases-service-related = servicio

cases-timeline = Cronología
cases-timeline-empty = Todavía no ha pasado nada en este caso.
cases-event-customer = mensaje del cliente
cases-event-reply = respuesta
cases-event-note = nota
cases-event-assign = asignación
cases-event-state = cambio de estado
cases-event-priority = cambio de prioridad
cases-event-team = cambio de equipo
cases-event-escalate = escalado
cases-event-sla = aviso de SLA
cases-delivery = { $state ->
    [queued] entrega en cola
    [retrying] entrega en reintento
    [sent] entrega enviada
    [failed] entrega fallida
   *[other] entrega: { $state }
}
cases-delivery-attempts = { $n ->
    [one] tras { $n } intento
   *[other] tras { $n } intentos
}
cases-delivery-link = Ver la respuesta publicada
cases-fanout-to = { $n ->
    [one] a { $n } cliente:
   *[other] a { $n } clientes:
}
cases-fanout-sent = { $n ->
    [one] { $n } enviada
   *[other] { $n } enviadas
}
cases-fanout-waiting = { $n ->
    [one] { $n } en camino
   *[other] { $n } en camino
}
cases-fanout-failed = { $n ->
    [one] { $n } fallida
   *[other] { $n } fallidas
}

cases-reply-everyone = Responder a todas las personas afectadas
cases-incident-reach = { $n ->
    [one] La respuesta llega al único cliente de esta incidencia al que se puede responder, por el canal en el que escribió y como respuesta a su último mensaje.
   *[other] La respuesta llega a cada uno de los { $n } clientes de esta incidencia a los que se puede responder, por el canal en el que escribieron y como respuesta a su último mensaje.
}
cases-incident-unreachable = { $n ->
    [one] { $n } escribió donde Chorus no puede responder: respóndele donde publicó.
   *[other] { $n } escribieron donde Chorus no puede responder: respóndeles donde publicaron.
}
cases-reply-through = Responder por { $channel }
cases-canned = Respuesta predefinida
cases-canned-choose = Elige una respuesta predefinida
cases-canned-insert = Insertar en la respuesta
cases-reply-label = Tu respuesta
cases-reply-send = Enviar la respuesta

cases-no-reply-heading = Respuestas
cases-no-reply-feed = Este caso viene de una fuente de noticias (RSS, Atom o JSON Feed): Chorus lee las fuentes, pero no puede responder en ellas.
cases-no-reply-webhook = Este caso llegó a través de un webhook: Chorus recibe estos mensajes, pero no puede responder por ese canal.
cases-no-reply-import = Este caso viene de mensajes importados: Chorus no puede responder en el canal del que se importaron.
cases-no-reply-channel = Los mensajes de { $channel } no se pueden responder desde Chorus.
cases-no-reply-account = Este mensaje llegó sin una cuenta de { $channel } conectada (por una importación o la API), así que Chorus no puede responderlo allí.
cases-no-reply-instead = Responde al cliente donde publicó y después añade aquí una nota interna para que tus compañeros lo sepan.
cases-no-reply-incident = { $n ->
    [one] Al cliente de esta incidencia no se le puede responder desde Chorus: escribió en un canal en el que Chorus no puede publicar o llegó sin una cuenta conectada (por una importación o la API).
   *[other] A ninguno de los { $n } clientes de esta incidencia se le puede responder desde Chorus: escribieron en un canal en el que Chorus no puede publicar o llegaron sin una cuenta conectada (por una importación o la API).
}
cases-no-reply-incident-instead = Respóndeles donde publicaron y después añade aquí una nota interna.
cases-no-reply-incident-one-by-one = Un caso de incidencia responde a sus clientes uno por uno.
cases-answer-at-source = Responder en el origen

cases-note = Nota interna
cases-note-label = Nota para tus compañeros (@nombre les avisa)
cases-note-add = Añadir la nota

cases-aside = Acciones del caso y cliente
cases-work = Gestión
cases-claim = Encargarme de este caso
cases-assignee = Responsable
cases-assignee-nobody = Nadie
cases-assign = Cambiar el responsable
cases-move-to = Pasar a
cases-move-to-choose = Elige un estado
cases-change-state = Cambiar el estado
cases-priority = Prioridad
cases-set-priority = Fijar la prioridad
cases-escalate-note = Nota para el escalado
cases-escalate = Escalar al servicio de asistencia
cases-promote = Convertir en un artículo de la base de conocimiento

cases-customer-heading = Cliente { $name }
cases-identity = { $channel }: { $handle }
cases-link-hint = ¿La misma persona en otro sitio? Vincula su usuario para verlo todo junto.
cases-link-channel = Canal
cases-link-channel-choose = Elige un canal
cases-link-handle = Usuario
cases-link-submit = Vincular el usuario
cases-other-cases = Otros casos
cases-none = Ninguno.
cases-recent-messages = Mensajes recientes
cases-none-seen = No hemos visto ninguno.
cases-record-constructive = Constructivo:
cases-record-none-abusive = { $n ->
    [one] el último mensaje no era ofensivo.
   *[other] ninguno de los últimos { $n } mensajes era ofensivo.
}
cases-record-abusive = { $n ->
    [one] El último mensaje era ofensivo.
   *[other] { $abusive } de los últimos { $n } mensajes eran ofensivos.
}
cases-abusive = ofensivo
cases-abusive-open = (oculto: ábrelo para leerlo)

## Lo que se ha hecho (mensajes tras un formulario)

cases-flash-claimed = Ahora este caso es tuyo.
cases-flash-unassigned = El caso ya no tiene responsable.
cases-flash-assigned = Asignado a { $name }.
cases-flash-state = { $state ->
    [new] El caso ahora es nuevo.
    [open] El caso ahora está abierto.
    [pending] El caso ahora está pendiente.
    [resolved] El caso ahora está resuelto.
    [closed] El caso ahora está cerrado.
   *[other] El caso ahora está en el estado { $state }.
}
cases-flash-priority = { $priority ->
    [urgent] Prioridad fijada en urgente.
    [high] Prioridad fijada en alta.
    [normal] Prioridad fijada en normal.
    [low] Prioridad fijada en baja.
   *[other] Prioridad fijada en { $priority }.
}
cases-flash-reply-queued = { $n ->
    [one] Respuesta en cola; el estado de su entrega aparece en la cronología.
   *[other] Respuesta en cola para { $n } clientes; sus entregas aparecen en la cronología.
}
cases-flash-note-added = Nota añadida.
cases-flash-note-notified = { $n ->
    [one] Nota añadida; se ha avisado a { $names }.
   *[other] Nota añadida; se ha avisado a { $names }.
}
cases-flash-escalated = Escalado a { $to }.
cases-flash-no-customer = Este caso no tiene ningún cliente que vincular.
cases-flash-linked = { $n ->
    [one] Vinculado: este cliente es conocido en { $n } canal.
   *[other] Vinculado: este cliente es conocido en { $n } canales.
}
cases-flash-opened = Esta mención es ahora un caso.

## Configuración del triaje

triage-title = Equipos, reglas y alertas
triage-managers-only = Solo los responsables de la comunidad cambian estos ajustes.
triage-teams = Equipos
triage-round-robin = reparto rotatorio
triage-manual = asignación manual
triage-no-members = Todavía no hay miembros.
triage-members-of = Miembros de { $team }
triage-member = Miembro
triage-active-cases = Casos activos
triage-capacity = Capacidad
triage-available = Disponible
triage-yes = sí
triage-no = no
triage-staff-member = Miembro del personal
triage-staff-member-choose = Elige a un miembro del personal
triage-save-member = Guardar el miembro
triage-new-team = Equipo nuevo
triage-assign-round-robin = Asignar por turnos
triage-create-team = Crear el equipo
triage-no-team = sin equipo

triage-rules = Reglas de enrutamiento
triage-rules-help = La primera regla que coincide enruta el caso. Una mención que coincide con una regla abre un caso aunque los criterios por defecto (quejas y preguntas sobre el servicio, publicaciones negativas de autores con mucho alcance) no lo harían. Las listas van separadas por comas; una lista vacía coincide con todo.
triage-no-rules = Todavía no hay reglas.
triage-delete = Eliminar
triage-delete-rule = la regla { $name }
triage-delete-canned = la respuesta predefinida { $name }
triage-delete-alert = la regla de alerta { $name }
triage-new-rule = Nueva regla de enrutamiento
triage-name = Nombre
triage-team = Equipo
triage-keywords = Palabras clave
triage-channels = Canales
triage-channels-example = p. ej.: mastodon, bluesky
triage-intents = Intenciones
triage-intents-example = p. ej.: complaint, question
triage-sentiments = Sentimientos
triage-sentiments-example = p. ej.: negative
triage-languages = Idiomas
triage-languages-example = p. ej.: es, en
triage-themes = Identificadores de temas
triage-min-followers = Seguidores como mínimo
triage-priority = Prioridad
triage-priority-from-score = Según la puntuación
triage-tags = Etiquetas
triage-add-rule = Añadir la regla de enrutamiento
triage-match-keywords = palabras clave: { $list }
triage-match-channels = canales: { $list }
triage-match-intents = intenciones: { $list }
triage-match-sentiments = sentimientos: { $list }
triage-match-languages = idiomas: { $list }
triage-match-themes = temas: { $list }
triage-match-followers = { $n ->
    [one] al menos { $reach } seguidor
   *[other] al menos { $reach } seguidores
}
triage-match-spikes = en los picos
triage-match-sla = al incumplirse un SLA
triage-match-everything = todo

triage-canned = Respuestas predefinidas
triage-none-yet = Todavía no hay ninguna.
triage-new-canned = Nueva respuesta predefinida
triage-canned-title = Título
triage-canned-body = Texto (enlaza aquí artículos de la base de conocimiento)
triage-add-canned = Añadir la respuesta predefinida

triage-alerts = Reglas de alerta
triage-alerts-managers = Las reglas de alerta se muestran a los responsables de la comunidad.
triage-new-alert = Nueva regla de alerta
triage-on-spikes = En los picos de un tema
triage-on-sla = Al incumplirse un SLA
triage-email-to = Correo a
triage-webhook = URL del webhook (compatible con Slack)
triage-add-alert = Añadir la regla de alerta
triage-action-email = correo a { $to }
triage-action-webhook = webhook { $url }
triage-alert-log = Registro de alertas
triage-no-alerts = Todavía no hay alertas.
triage-latest-alerts = Últimas alertas
triage-when = Cuándo
triage-rule = Regla
triage-status = Estado
triage-alert = Alerta
triage-alert-status-sent = enviada
triage-alert-status-suppressed = suprimida

triage-flash-team-created = Equipo { $name } creado.
triage-flash-choose-member = Elige a un miembro del personal.
triage-flash-capacity-number = La capacidad debe ser un número entero de casos.
triage-flash-member-saved = Miembro del equipo guardado.
triage-flash-rule-added = Regla de enrutamiento «{ $name }» añadida.
triage-flash-rule-deleted = Regla de enrutamiento eliminada.
triage-flash-canned-added = Respuesta predefinida «{ $name }» añadida.
triage-flash-canned-deleted = Respuesta predefinida eliminada.
triage-flash-alert-added = Regla de alerta «{ $name }» añadida.
triage-flash-alert-deleted = Regla de alerta eliminada.
cases-bulk-choose-assignee = Elige quién recibe los casos marcados (o «Nadie» para quitar la asignación).
cases-bulk-choose-team = Elige el equipo de los casos marcados (o «Sin equipo»).
