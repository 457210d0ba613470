# Messages of listening refusals and conflicts, written by the service (see chorus_i18n::Text).

## listen/mod.rs
# An unknown channel in a filter uses err-unknown-name (errors.ftl).

err-listen-sentiment-unknown = sentimiento desconocido { $value }: se espera negative, neutral o positive
err-listen-intent-unknown = intención desconocida { $value }: se espera complaint, question, praise, idea o other
err-listen-language-code = debe ser un código de idioma como en o de

## listen/themes.rs
err-listen-theme-sort-unknown = orden desconocido { $value }: se espera count o recent
err-listen-theme-offset-range = debe estar entre 0 y 100000
# Also a source's name (listen/sources/mod.rs).
err-listen-chars-max = debe tener como máximo { $max } caracteres
err-listen-theme-merged-away = el tema { $id } se fusionó con otro tema
err-listen-theme-merge-self = un tema no puede fusionarse consigo mismo
err-listen-theme-split-none = elige al menos una mención de este tema para separarla
err-listen-theme-split-all = deja al menos una mención en el tema (o cámbiale el nombre)

## listen/sources/mod.rs
err-listen-source-url-scheme = debe ser una dirección que empiece por { $first }:// o { $second }://
err-listen-required = es obligatorio
err-listen-source-channel-none = el contenido de { $channel } no necesita fuente
err-listen-source-poll-range = debe estar entre { $min } y 86400
err-listen-source-mastodon-query = indica al menos un hashtag o una palabra clave (o recoge las menciones de la cuenta)
err-listen-source-mastodon-token = buscar palabras clave y leer menciones requiere un token de acceso
err-listen-source-bluesky-query = Bluesky transmite todas las publicaciones de la red: indica qué quieres escuchar
err-listen-source-channel-fixed = el canal de una fuente no puede cambiar; crea una fuente nueva

## listen/pipeline/shared.rs
# $reason: why the pipeline writer failed (its own log text, in English).
err-listen-work-retrying = { $reason }; el trabajo queda en cola y se volverá a intentar (repetir la solicitud es seguro)
err-listen-work-queued = ningún proceso del pipeline respondió en { $secs } s; el trabajo queda en cola y se hará cuando haya uno en marcha (repetir la solicitud es seguro)
err-listen-parked-no-broker = el trabajo aparcado solo existe en un hub con broker (broker.url o --nats)

## reports/mod.rs
err-listen-report-start-after-end = El inicio debe ser anterior al final.
err-listen-report-granularity-unknown = { $value } debe ser hour, day o week
# $unit: hour, day or week.
err-listen-report-too-many-buckets = { $unit ->
        [hour] { $count } horas son demasiadas
        [day] { $count } días son demasiados
       *[week] { $count } semanas son demasiadas
    } para un gráfico; elige una unidad más amplia o un periodo más corto

## reports/exports.rs
err-listen-report-export-unknown = { $value } debe ser uno de estos: { $expected }

## reports/deflection.rs
err-listen-report-from-before-to = debe ser anterior a to
err-listen-report-span-long = un informe abarca como máximo { $max } días

## reports/turnaround.rs
err-listen-report-days-range = Elige entre 1 y { $max } días.

## webhooks.rs
# What is wrong with a webhook's URL, as it follows “The URL” in err-listen-webhook-url.
err-listen-webhook-url-parse = no es válida: { $detail }
err-listen-webhook-url-scheme = debe empezar por http:// o https://
err-listen-webhook-url-credentials = no debe llevar nombre de usuario ni contraseña
err-listen-webhook-url-no-host = no tiene host
err-listen-webhook-url-resolve-slow = tiene un host que no se resolvió en { $secs } s
err-listen-webhook-url-resolve-error = tiene un host que no se resuelve: { $detail }
err-listen-webhook-url-unresolved = tiene un host que no se resuelve
err-listen-webhook-url-private = apunta a una dirección privada o de loopback (activa webhooks.allow_private para permitirlo)
err-listen-webhook-url-long = Como máximo { $max } caracteres.
# $problem: one of the messages above.
err-listen-webhook-url = La URL { $problem }.
err-listen-webhook-event-unknown = { $value } no es un evento; usa * o uno de estos: { $events }.
err-listen-webhook-events-none = Indica al menos un evento, o * para todos.
err-listen-webhook-format-unknown = Usa standard o slack.
err-listen-webhook-off = el webhook está desactivado; actívalo primero
err-listen-webhook-delivery-pending = esta entrega todavía se está intentando
