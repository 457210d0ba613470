# Correo: cada mensaje que envía el hub, en el idioma de quien lo recibe (alertas, resúmenes y
# escalados a direcciones que no son de miembros: en el idioma del hub).

mail-hello = Hola, { $name }:
mail-hello-anonymous = Hola:

## Restablecer y cambiar la contraseña

mail-reset-subject = Restablece tu contraseña de { $hub }
mail-reset-body =
    Alguien (esperamos que tú) pidió restablecer la contraseña de tu cuenta de { $hub }.
    Abre este enlace en { $n ->
        [one] { $n } minuto
       *[other] { $n } minutos
    } como máximo para elegir una contraseña nueva:
mail-reset-ignore = Si no lo pediste, ignora este mensaje: tu contraseña no cambia.
mail-password-changed-subject = Se cambió tu contraseña de { $hub }
mail-password-changed-body =
    Se acaba de cambiar la contraseña de tu cuenta de { $hub } y se cerraron todas las sesiones.
    Si no fuiste tú, restablece tu contraseña en { $link } de inmediato.

## La pregunta de un invitado

mail-guest-subject = Publica tu pregunta en { $hub }
mail-guest-body = Alguien (esperamos que tú) hizo una pregunta en { $hub } con esta dirección. Abre este enlace en { $n ->
        [one] { $n } hora
       *[other] { $n } horas
    } como máximo para verla y publicarla:
mail-guest-ignore = Si no preguntaste nada, ignora este mensaje: no se publica nada.

## Avisos de la comunidad

mail-notify-reply-own-subject = Nueva respuesta a «{ $title }»
mail-notify-reply-own = { $actor } respondió a tu tema «{ $title }».
mail-notify-reply-followed-subject = Nueva respuesta en «{ $title }»
mail-notify-reply-followed = { $actor } respondió en «{ $title }», un tema que sigues.
mail-notify-accepted-subject = Aceptaron tu respuesta: «{ $title }»
mail-notify-accepted = { $actor } aceptó tu respuesta en «{ $title }». ¡Gracias por ayudar!
mail-notify-status-subject = Nuevo estado de «{ $title }»: { $status }
mail-notify-status = La idea «{ $title }» tiene ahora el estado «{ $status }».
mail-notify-footer = Recibes este correo de { $hub }. Elige qué correos quieres recibir en { $link }
mail-idea-status-open = Abierta
mail-idea-status-under-review = En revisión
mail-idea-status-planned = Planificada
mail-idea-status-started = Iniciada
mail-idea-status-done = Hecha
mail-idea-status-declined = Rechazada
mail-idea-status-duplicate = Duplicada

## Recordatorios de sesiones abiertas

mail-town-hall-subject = Empieza pronto: { $title }
mail-town-hall-body = «{ $title }» en { $hub } empieza el { $time }. Haz preguntas, vota las de los demás y sigue las respuestas en directo:
mail-town-hall-why = Recibes esto porque sigues el evento; puedes dejar de seguirlo en su página.

## Invitaciones al programa de embajadores

mail-invite-subject = Una invitación de { $hub }
mail-invite-signature = — { $actor }, de { $hub }

## Encuestas de satisfacción

mail-csat-subject = ¿Qué tal lo hicimos? «{ $subject }»
mail-csat-body = Marcamos tu solicitud «{ $subject }» como resuelta. ¿Qué te pareció la ayuda que recibiste de { $hub }? Un clic y, si quieres, un comentario:
mail-csat-expiry = { $n ->
    [one] El enlace funciona una sola vez, durante { $n } día.
   *[other] El enlace funciona una sola vez, durante { $n } días.
}
mail-csat-reply = ¡Nos alegra haberte ayudado! ¿Qué tal lo hicimos? Puntúanos del 1 al 5: { $link }

## Webhooks desactivados

mail-webhook-off-subject = Webhook desactivado: { $receiver }
mail-webhook-off-receiver = su receptor
mail-webhook-off-body =
    El webhook { $id } (hacia { $receiver }) se desactivó porque { $n ->
        [one] falló { $n } entrega seguida
       *[other] fallaron { $n } entregas seguidas
    }.
    Su registro de entregas muestra qué respondió el receptor: { $link }
mail-webhook-off-fix = Vuelve a activarlo cuando el receptor funcione de nuevo ({ $request } con { $json }); luego reenvía desde el registro lo que se perdió.

## El resumen de informes

mail-digest-subject-daily = Resumen diario de { $hub }: { $mentions ->
        [one] { $mentions } mención
       *[other] { $mentions } menciones
    }, { $cases ->
        [one] { $cases } caso
       *[other] { $cases } casos
    }
mail-digest-subject-weekly = Resumen semanal de { $hub }: { $mentions ->
        [one] { $mentions } mención
       *[other] { $mentions } menciones
    }, { $cases ->
        [one] { $cases } caso
       *[other] { $cases } casos
    }
mail-digest-preview = {"["}vista previa] { $subject }
mail-digest-title = { $hub }: lo que dijeron los clientes del { $from } al { $to }
mail-digest-mentions = Menciones: { $mentions } (alcance { $reach })
mail-digest-sentiment = Sentimiento: { $negative ->
        [one] { $negative } negativa
       *[other] { $negative } negativas
    }, { $neutral ->
        [one] { $neutral } neutral
       *[other] { $neutral } neutrales
    }, { $positive ->
        [one] { $positive } positiva
       *[other] { $positive } positivas
    }
mail-digest-cases = Casos: { $opened ->
        [one] { $opened } abierto
       *[other] { $opened } abiertos
    }, mediana de primera respuesta { $first }, mediana de resolución { $resolution }, SLA cumplido { $sla }
mail-digest-no-responses = aún sin respuestas
mail-digest-none-resolved = aún ninguno resuelto
mail-digest-no-cases-due = aún ningún caso con plazo vencido
mail-digest-minutes = { $value } min
mail-digest-hours = { $value } h
mail-digest-percent = { $value } %
mail-digest-community = Comunidad: { $n ->
        [one] { $n } tema
       *[other] { $n } temas
    }, respuestas entre miembros { $peer }
mail-digest-no-answers = aún sin respuestas de miembros
mail-digest-deflection = Autoservicio: { $rate }
mail-digest-cost = Coste por consulta: { $cost }
mail-digest-money = { $amount } { $currency }
mail-digest-no-issues = aún no se atendió ninguna consulta
mail-digest-themes = Temas principales:
mail-digest-theme = { $theme } — { $n ->
        [one] { $n } mención
       *[other] { $n } menciones
    } ({ $change })
mail-digest-theme-rising = { $theme } — { $n ->
        [one] { $n } mención
       *[other] { $n } menciones
    } ({ $change }), en aumento
mail-digest-theme-new = nuevo
mail-digest-dashboard = El panel: { $link }

## Escalados al servicio de ayuda

mail-escalation-subject = {"["}{ $hub }] Caso #{ $id } escalado: { $subject }
mail-escalation-intro = { $actor } escaló este caso.
mail-escalation-facts =
    Prioridad: { $priority }
    Cliente: { $customer }
    Origen: { $source }
    Enlace: { $link }
mail-transcript-title = Caso #{ $id } — { $subject }
mail-transcript-facts = Canal: { $channel }  Prioridad: { $priority }  Estado: { $state }
mail-transcript-customer = cliente
mail-priority-urgent = urgente
mail-priority-high = alta
mail-priority-normal = media
mail-priority-low = baja
mail-case-state-new = nuevo
mail-case-state-open = abierto
mail-case-state-pending = pendiente
mail-case-state-resolved = resuelto
mail-case-state-closed = cerrado

## Alertas (a las direcciones y el chat del equipo, y al registro de alertas)

mail-alert-spike-title = { $rule }: pico en { $what }
mail-alert-spike-all = todas las menciones
mail-alert-spike-theme = el tema «{ $theme }»
mail-alert-spike-body = { $what }: { $n ->
        [one] { $n } mención
       *[other] { $n } menciones
    } en la hora desde las { $hour } UTC, { $ratio }× el valor habitual de unas { $expected } para esa hora del día ({ $z } desviaciones estándar por encima).
mail-alert-spike-body-far = { $what }: { $n ->
        [one] { $n } mención
       *[other] { $n } menciones
    } en la hora desde las { $hour } UTC, muy por encima del valor habitual de unas { $expected } para esa hora del día ({ $z } desviaciones estándar por encima).
mail-alert-spike-channels = Por canal: { $channels }. Negativas: { $negative } de { $total }.
mail-alert-sla-title = { $rule }: el caso #{ $id } incumplió su objetivo de { $target }
mail-alert-sla-body = { $subject } (prioridad { $priority }, { $channel }, equipo { $team })
mail-alert-sla-no-team = ninguno
mail-sla-target-first-response = primera respuesta
mail-sla-target-next-response = siguiente respuesta
mail-sla-target-resolution = resolución
mail-alert-mention-title = { $rule } — { $author } en { $channel }
mail-alert-mention-body = { $author } ({ $n ->
        [one] { $n } seguidor
       *[other] { $n } seguidores
    }, { $sentiment }, { $intent }):
mail-sentiment-negative = negativo
mail-sentiment-neutral = neutro
mail-sentiment-positive = positivo
mail-intent-complaint = queja
mail-intent-question = pregunta
mail-intent-praise = elogio
mail-intent-idea = propuesta
mail-intent-other = otro
