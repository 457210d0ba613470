# Messages of cases refusals and conflicts, written by the service (see chorus_i18n::Text).

## triage/mod.rs
err-cases-incident-one-by-one = un caso de incidencia responde a sus clientes uno por uno
err-cases-channel-cannot-reply = los mensajes de { $channel } no se pueden responder por su canal; responde donde publicó el cliente y añade aquí una nota
err-cases-no-account = este mensaje llegó sin una cuenta de { $channel } conectada (por una importación o la API), así que Chorus no puede responderlo allí; responde donde publicó el cliente y añade aquí una nota
err-cases-assignee-filter = debe ser me, none o el id de un usuario
err-cases-unknown-view = vista desconocida { $value }: se espera breaching
err-cases-unknown-sort = orden desconocido { $value }: se espera newest o urgency
err-cases-held-by = { $name } ya se encarga de este caso
err-cases-held-by-user = el usuario { $id } ya se encarga de este caso
err-cases-held-by-other = { $name } se encarga de este caso; pídele a esa persona o a un responsable de la comunidad que lo traspase
err-cases-held-by-colleague = un compañero se encarga de este caso; pídele a esa persona o a un responsable de la comunidad que lo traspase
err-cases-no-staff = no existe ese miembro del personal
err-cases-no-team = no existe ese equipo
err-cases-merge-self = un caso no se puede fusionar consigo mismo
err-cases-merge-closed = los casos cerrados no se pueden fusionar; vuelve a abrirlos primero
err-cases-merge-incident = los casos de incidencia no se fusionan: una respuesta desde uno de ellos llega a cada uno de sus clientes; cierra el otro caso en su lugar
err-cases-cases-changed = los casos cambiaron mientras tanto; recarga la página e inténtalo de nuevo
err-cases-state-move = un caso en estado { $from ->
        [new] nuevo
        [open] abierto
        [pending] en espera
        [resolved] resuelto
        [closed] cerrado
       *[other] { $from }
    } no puede pasar a { $to ->
        [new] nuevo
        [open] abierto
        [pending] en espera
        [resolved] resuelto
        [closed] cerrado
       *[other] { $to }
    }
err-cases-case-changed = el caso cambió mientras tanto; recarga la página e inténtalo de nuevo

## triage/reply.rs
err-cases-body-empty = escribe algo primero
err-cases-too-long = como máximo { $max } caracteres
err-cases-closed = este caso está cerrado; abre uno nuevo para volver a escribir
err-cases-incident-unreachable = no se puede responder a ninguno de los clientes de esta incidencia por su canal (clientes que escribieron donde Chorus no puede responder: { $n }); respóndeles donde publicaron y añade aquí una nota
err-cases-no-escalation = no hay ningún destino de escalado configurado (triage.escalation_webhook_url o triage.escalation_email)

## triage/bulk.rs
err-cases-merge-into = elige el caso con el que fusionar
err-cases-unknown-action = acción desconocida { $value }: se espera assign, team, close o merge
err-cases-choose-cases = elige al menos un caso
err-cases-bulk-max = como máximo { $max } casos a la vez
err-cases-already-closed = ya está cerrado

## triage/customers.rs
err-cases-handle = indica el usuario tal como aparece en ese canal

## triage/setup.rs
err-cases-name-empty = ponle un nombre
err-cases-team-exists = ya existe un equipo con este nombre
err-cases-capacity = debe estar entre 1 y 1000
err-cases-no-such-team = no existe el equipo { $id }
err-cases-rule-team = elige el equipo al que enruta esta regla
err-cases-tags = como máximo 10 etiquetas de 40 caracteres

## triage/csat.rs
err-cases-csat-score = Elige del 1 (muy mal) al 5 (muy bien).
err-cases-csat-comment = Usa como máximo 2000 caracteres.
err-cases-csat-answered = esta encuesta ya se respondió; gracias
err-cases-csat-expired = el enlace de esta encuesta ha caducado

## triage/worker/mod.rs
err-cases-triage-busy = otra instancia está ejecutando el triaje en esta base de datos; detenla o deja que termine

## triage/worker/placing.rs
err-cases-incident-vanished = el caso de la incidencia ha desaparecido
