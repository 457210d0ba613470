# Messages of engagement refusals and conflicts, written by the service (see chorus_i18n::Text).

## engagement/mod.rs
err-engage-praise-target = Indica o bien un mention_id o bien un topic_id.
err-engage-praise-taken = alguien ya se ocupó de esto; recarga la cola
err-engage-praise-empty = Escribe algo primero.
err-engage-too-long = Usa como máximo { $max } caracteres.
err-engage-praise-cannot-post = Chorus no puede publicar en { $channel } para esta mención (llegó sin una cuenta conectada); dale las gracias donde lo publicó
err-engage-invite-empty = Escribe qué ofrece el programa y cómo unirse.
err-engage-invite-again = { $name } ya recibió una invitación

## engagement/town_halls.rs
err-engage-event-no-time = Indica una fecha y una hora.
err-engage-event-bad-time = { $value } no es una hora como 2026-12-10T15:00 (UTC) ni una hora RFC 3339
err-engage-event-title = Usa entre 3 y 150 caracteres.
err-engage-event-order = El final debe ser posterior al inicio.
err-engage-event-too-long = Una sesión abierta dura como máximo 7 días.
err-engage-event-hosts-max = Como máximo 10 presentadores.
err-engage-event-host-not-staff = El usuario { $id } no es miembro del equipo.
err-engage-event-ended-archive = esta sesión abierta ha terminado; sus preguntas ya son un archivo
err-engage-event-question-short = Escribe la pregunta con al menos 5 caracteres.
err-engage-event-blocked = Esta pregunta no se puede publicar: contiene palabras que esta comunidad no permite.
err-engage-event-ended = esta sesión abierta ha terminado
err-engage-event-answer-empty = Escribe primero la respuesta.
err-engage-event-merged = esta pregunta se fusionó con otra; responde a esa otra
err-engage-event-merge-into = Elige otra pregunta de esta sesión abierta que no esté fusionada a su vez.
err-engage-event-visibility = { $value } debe ser visible o hidden

## moderation/mod.rs
err-engage-mod-reason-missing = Indica un motivo: lo ven el autor y el registro público.
err-engage-mod-settled = Este elemento ya está resuelto ({ $resolution ->
        [approve] aprobado
        [edit] editado y publicado
        [hide] ocultado
        [delete] eliminado
        [warn] autor advertido
        [silence] autor silenciado
        [suspend] autor suspendido
        [resolved] resuelto
       *[other] { $resolution }
    }).
err-engage-mod-staff = Las cuentas del equipo las gestionan los administradores, no la cola.
err-engage-mod-days = El silencio dura de 1 a 365 días.
err-engage-mod-settled-first = Otro moderador resolvió este elemento antes.
err-engage-mod-flag-target = Denuncia un `topic` o un `reply`.
err-engage-mod-flag-note = Explica qué problema tiene.
err-engage-mod-own-post = No puedes denunciar tu propia publicación; edítala o bórrala.

## moderation/settings.rs
err-engage-mod-filter-action = Elige una acción.
err-engage-mod-filter-exists = Ya hay un filtro para { $pattern }.
