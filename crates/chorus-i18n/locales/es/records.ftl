# Registros que el hub guarda en inglés, escritos en el idioma de quien lee.

## Why a case was opened
rec-opened-rule = regla «{ $rule }»
rec-reason-complaint = queja sobre el servicio
rec-reason-question = pregunta sobre el servicio
rec-reason-negative-addressed = mención negativa dirigida a nosotros
rec-reason-addressed = mención sobre el servicio dirigida a nosotros
rec-reason-high-reach = mención negativa de un autor con mucho alcance
rec-reason-unanswered = pregunta de la comunidad sin respuesta
rec-reason-strongly-negative = queja muy negativa
rec-reason-manual = a mano
rec-reason-incident = incidente
rec-reason-rule = regla

## Priority explanations
rec-pe-incident = un incidente: un tema en reparación
rec-pe-set = fijada en { $level } por { $who } (antes { $was }: { $before })
rec-pe-follow-up = subida a { $level } por un seguimiento ({ $why }) · antes { $was }: { $before }
rec-pe-factor = { $name } ×{ $weight } ({ $detail })
rec-pe-reach = alcance
rec-pe-negativity = negatividad
rec-pe-urgency = urgencia
rec-pe-history = historial
rec-pe-score = puntuación { $score } de 100 → { $level }
rec-pe-rule = la regla «{ $rule }» fija { $level }
rec-pe-moderation = subida a { $level } por moderación ({ $why })
rec-pe-followers = { $n ->
        [one] { $n } seguidor
       *[other] { $n } seguidores
    }
rec-pe-negative = negativo, intensidad { $strength }
rec-pe-first-case = primer caso
rec-pe-earlier-cases = { $n ->
        [one] { $n } caso anterior
       *[other] { $n } casos anteriores
    }
rec-pe-urgent-words = { $intent }; dice { $words }

## Timeline entries
rec-ev-claimed = asumido
rec-ev-unassigned = sin asignar
rec-ev-assigned = asignado a { $who }
rec-ev-round-robin = asignado por turno al usuario { $user }
rec-ev-state = { $from } → { $to }
rec-ev-merged-into = fusionado en el caso #{ $case }
rec-ev-merged-from = el caso #{ $case } se fusionó en este
rec-ev-priority = prioridad fijada en { $level }
rec-ev-team = pasado al equipo { $team }
rec-ev-team-removed = retirado de su equipo
rec-ev-sla-soon = un objetivo de SLA vence pronto
rec-ev-sla-first-response = SLA de primera respuesta incumplido
rec-ev-sla-next-response = SLA de siguiente respuesta incumplido
rec-ev-sla-resolution = SLA de resolución incumplido
rec-ev-closed-no-action = cerrado: no hace falta hacer nada
rec-ev-escalated = escalado a { $to }
rec-ev-escalated-note = escalado a { $to }: { $note }

## Moderation signals
rec-mod-filter-hold = filtro (retener): { $words }
rec-mod-filter-flag = filtro (marcar): { $words }
rec-mod-filter-block = filtro (bloquear): { $words }
rec-mod-abusive = ofensivo (toxicidad { $toxicity }, insulto { $offensive }, odio { $hate })
rec-mod-spam-links = spam: { $links } enlaces en { $words } palabras
rec-mod-spam-duplicates = spam: { $n ->
        [one] { $n } casi duplicado
       *[other] { $n } casi duplicados
    } de esta publicación
rec-mod-spam-burst = spam: miembro nuevo, { $n } publicaciones en 10 minutos
rec-mod-flagged = denunciado: { $reason }
rec-mod-flags = { $n ->
        [one] { $n } denuncia
       *[other] { $n } denuncias
    }
rec-mod-silenced = { $n ->
        [one] { $n } día
       *[other] { $n } días
    }, hasta { $until }

## Audit log
rec-audit-user-created = cuenta creada
rec-audit-user-signed-up = registro
rec-audit-user-identity-linked = inicio de sesión vinculado
rec-audit-user-password-reset = contraseña restablecida
rec-audit-user-role-changed = rol cambiado
rec-audit-user-suspended = suspendido
rec-audit-user-reinstated = readmitido
rec-audit-topic-deleted = tema eliminado
rec-audit-article-draft = artículo devuelto a borrador
rec-audit-article-published = artículo publicado
rec-audit-article-archived = artículo archivado
rec-audit-target-user = usuario
rec-audit-target-topic = tema
rec-audit-target-article = artículo

## What a moderator's action tells its author
rec-notice-action = { $action }: { $reason }
rec-notice-action-detail = { $action } ({ $detail }): { $reason }
rec-notice-unsilenced = Ya puedes volver a publicar: { $reason }
rec-reason-reviewed = Revisado: se puede publicar.

## Text the hub writes into articles, topics and cases (in the hub's language)
gen-question = Pregunta
gen-answer = Respuesta
gen-from-topic = Del tema de la comunidad [{ $title }](/t/{ $id }), respondido por { $author }.
gen-from-case = Del caso #{ $id }.
gen-town-hall-intro = Preguntas y respuestas de la sesión abierta «{ $title }» del { $date }.
gen-answered-by = Respondido por { $name }.
gen-the-team = el equipo
gen-town-hall-title = { $title }: preguntas y respuestas
gen-praise-title = «{ $excerpt }» — { $author } en { $channel }
gen-praise-by = { $author } en { $channel }
gen-original = original
gen-praise-permission = Compartido con permiso de su autor.
gen-incident-subject = Incidente: { $theme }
gen-incident-body = El tema «{ $theme }» se está solucionando; sus menciones se agrupan aquí en lugar de abrir un caso por cada una.
gen-incident-suggested = Respuesta sugerida: { $reply }
gen-incident-reply = Sabemos que hay un problema con { $theme } y estamos trabajando en una solución. Publicaremos aquí cuando esté resuelto.
gen-incident-reply-note = Sabemos que hay un problema con { $theme } y estamos trabajando en una solución: { $note }
