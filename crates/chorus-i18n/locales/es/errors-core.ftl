# Messages of core refusals and conflicts, written by the service (see chorus_i18n::Text).

## validate.rs
err-core-email-empty = Escribe tu dirección de correo electrónico.
err-core-max-chars = Usa como máximo { $max } caracteres.
err-core-email-invalid = Escribe una dirección como name@example.com.
err-core-name-empty = Escribe un nombre.
err-core-name-control = Quita los caracteres de control del nombre.
err-core-min-chars = Usa al menos { $min } caracteres.
err-core-password-common = Esta contraseña está entre las más comunes; elige otra.
err-core-markdown-large = Usa como máximo { $max } bytes de texto (ahora { $bytes }).
err-core-markdown-deep = Las citas, listas o formatos están anidados a demasiada profundidad (como máximo { $max } niveles).

## community.rs
err-core-title-empty = Ponle un título a tu tema.
err-core-max-chars-now = Usa como máximo { $max } caracteres (ahora { $n }).
err-core-body-empty = Escribe algo.
err-core-tag-invalid = Las etiquetas llevan letras, cifras y guiones, como máximo { $max } caracteres ({ $tag }).
err-core-tags-many = Usa como máximo { $max } etiquetas.
err-core-category-long = Usa como máximo { $max } caracteres imprimibles.

## listen.rs
err-core-channel-not-here = las menciones del canal { $channel } no se pueden añadir de esta manera
err-core-required = es obligatorio
err-core-at-most-chars = debe tener como máximo { $max } caracteres
err-core-not-negative = no puede ser negativo
err-core-at-most = debe ser como máximo { $max }
err-core-url-link = debe ser un enlace http o https
err-core-time-required = es obligatorio (RFC 3339)
err-core-time-invalid = debe ser una hora RFC 3339, como 2026-11-22T09:18:00Z

## query.rs
err-core-query-at = { $message } (en el carácter { $position })
err-core-query-quote = falta cerrar las comillas
err-core-query-empty-phrase = frase entre comillas vacía
err-core-query-name = { $sigil } debe ir seguido de un nombre
err-core-query-depth = más de { $max } niveles de anidamiento
err-core-query-empty-parens = paréntesis vacíos
err-core-query-no-close = paréntesis desequilibrados: falta el )
err-core-query-terms = más de { $max } términos
err-core-query-unexpected-close = paréntesis desequilibrados: ) inesperado
err-core-query-and = AND necesita un término a cada lado
err-core-query-or = OR necesita un término a cada lado
err-core-query-end = la consulta termina donde se esperaba un término
err-core-query-long = más de { $max } caracteres
err-core-query-operator = operador inesperado

## moderation/filters.rs
err-core-filter-empty = Escribe una palabra o frase.
err-core-filter-long = Usa como máximo ocho palabras por filtro.
err-core-filter-short = { $word } es demasiado corta: un comodín necesita al menos dos letras.
err-core-filter-star = { $word }: `*` solo puede ir al principio o al final de una palabra.

## triage/conditions.rs
err-core-cond-too-many = como máximo { $max } valores
err-core-cond-keyword-long = las palabras clave tienen como máximo { $max } caracteres
err-core-cond-keyword-empty = { $keyword } no tiene letras ni cifras que buscar
err-core-unknown-channel = canal desconocido { $value }: se espera community, mastodon, bluesky, feed, webhook, email o import
err-core-cond-intent = intención desconocida { $value }: se espera complaint, question, praise, idea u other
err-core-cond-sentiment = sentimiento desconocido { $value }: se espera negative, neutral o positive
err-core-cond-language = { $value } no es un código de idioma como en o de
err-core-cond-ids = los identificadores son números positivos
err-core-cond-min-followers = debe ser 0 o más
err-core-cond-spike-routing = solo las reglas de alerta pueden dispararse con los picos
err-core-cond-sla-routing = solo las reglas de alerta pueden dispararse al incumplirse un SLA
err-core-cond-spike-and-sla = una regla se dispara con los picos o al incumplirse un SLA, no con ambos

## triage/alerts.rs
err-core-actions-none = añade al menos una acción (email o webhook)
err-core-actions-many = como máximo { $max } acciones
err-core-action-email = { $value } no es una dirección de correo electrónico
err-core-action-url = { $value } no es una URL http(s)
