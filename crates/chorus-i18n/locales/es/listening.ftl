# Escucha: el flujo de menciones, la página de una mención, los temas y las fuentes que traen las menciones.

## Canales, señales y estados de los temas (un mensaje por valor).

listen-channel-community = Comunidad
listen-channel-mastodon = Mastodon
listen-channel-bluesky = Bluesky
listen-channel-feed = Fuente RSS
listen-channel-webhook = Webhook
listen-channel-email = Correo electrónico
listen-channel-import = Importación
listen-channel-other = Otro
listen-sentiment-negative = negativo
listen-sentiment-neutral = neutro
listen-sentiment-positive = positivo
listen-intent-complaint = queja
listen-intent-question = pregunta
listen-intent-praise = elogio
listen-intent-idea = idea
listen-intent-other = otro
theme-status-new = Nuevo
theme-status-acknowledged = Reconocido
theme-status-fixing = En corrección
theme-status-resolved = Resuelto

## El flujo de menciones.

listen-title = Escucha
listen-all-themes = Todos los temas
listen-last-day = Últimas 24 horas
listen-stat-mentions = { $n ->
    [one] mención en 24 h
   *[other] menciones en 24 h
}
listen-stat-reach = alcance
listen-stat-negative = negativas
listen-stat-complaints = { $n ->
    [one] queja
   *[other] quejas
}
listen-volume-caption = Menciones por hora, últimas 48 horas.
listen-volume-caption-spikes = Menciones por hora, últimas 48 horas; las horas con pico, en ámbar.
listen-volume-chart = { $n ->
    [one] Menciones por hora en las últimas 48 horas: { $n } en total
   *[other] Menciones por hora en las últimas 48 horas: { $n } en total
}
listen-volume-chart-spike = { $n ->
    [one] Menciones por hora en las últimas 48 horas: { $n } en total, con un pico
   *[other] Menciones por hora en las últimas 48 horas: { $n } en total, con un pico
}
listen-spikes = Picos
listen-spike-all = { $n ->
    [one] Todas las menciones: { $n } mención en la hora que empieza el { $hour } (lo habitual: { $usual })
   *[other] Todas las menciones: { $n } menciones en la hora que empieza el { $hour } (lo habitual: { $usual })
}
listen-spike-theme = { $n ->
    [one] Tema «{ $theme }»: { $n } mención en la hora que empieza el { $hour } (lo habitual: { $usual })
   *[other] Tema «{ $theme }»: { $n } menciones en la hora que empieza el { $hour } (lo habitual: { $usual })
}
listen-filter-form = Filtrar menciones
listen-filter-channel = Canal
listen-filter-source = Fuente
listen-filter-sentiment = Sentimiento
listen-filter-intent = Intención
listen-filter-theme = Tema
listen-filter-language = Idioma
listen-filter-any-channel = Todos
listen-filter-any-source = Todas
listen-filter-any-sentiment = Todos
listen-filter-any-intent = Todas
listen-filter-any-theme = Todos
listen-filter-language-hint = Un código como en, de
listen-filter-apply = Filtrar
listen-filter-clear = Quitar los filtros
listen-filter-not-number = debe ser un número
listen-empty = Ninguna mención coincide. Las fuentes son las que las traen.
listen-empty-setup = Configura una fuente
listen-empty-import = Para importar un archivo, ejecuta:
listen-list = Menciones, las más recientes primero
listen-more = Más menciones
listen-older = Menciones anteriores
listen-top-themes = Temas principales
listen-no-themes = Aún no hay temas: se forman cuando llegan dos o más quejas o preguntas parecidas.
listen-spike = Pico
listen-spiked-at = Pico el { $when }
listen-mentions-word = { $n ->
    [one] mención
   *[other] menciones
}
listen-spark = { $n ->
    [one] { $n } mención en los últimos { $days } días
   *[other] { $n } menciones en los últimos { $days } días
}
listen-spark-spike = { $n ->
    [one] { $n } mención en los últimos { $days } días, con un pico
   *[other] { $n } menciones en los últimos { $days } días, con un pico
}

## Una mención, en el flujo y en su propia página.

listen-followers = { $n ->
    [one] { $reach } seguidor
   *[other] { $reach } seguidores
}
listen-likes = { $n ->
    [one] { $n } me gusta
   *[other] { $n } me gusta
}
listen-boosts = { $n ->
    [one] { $n } impulso
   *[other] { $n } impulsos
}
listen-replies = { $n ->
    [one] { $n } respuesta
   *[other] { $n } respuestas
}
listen-signals = Señales
listen-chip-service = servicio
listen-chip-abusive = abusivo
listen-language = Idioma
listen-decided-none = no hay modelo para este idioma: solo señales independientes del idioma
listen-decided-accurate = nivel preciso (codificador { $model })
listen-decided-pending = nivel rápido; el nivel preciso la leerá en breve
listen-decided-fast = nivel rápido (modelo lineal)
listen-mention-title = Mención de { $author }
listen-mention-heading = Mención de { $author } en { $channel }
listen-mention-source = fuente { $source }
listen-view-original = Ver en la red
listen-signals-caption = Lo que encontró el análisis
listen-row-sentiment = Sentimiento
listen-row-intent = Intención
listen-row-service = Sobre el servicio
listen-row-toxicity = Toxicidad
listen-row-phrases = Frases clave
listen-row-decided = Decidido por
listen-row-why-negative = Palabras detrás de «negativo»
listen-row-why-abusive = Palabras detrás de «abusivo»
listen-row-theme = Tema
listen-yes = sí
listen-no = no
listen-toxicity-abusive = abusivo
listen-toxicity-not-abusive = no abusivo
listen-none-stood-out = ninguna destacó
listen-no-theme = ninguno todavía
listen-reply-back = Las respuestas a esta mención pueden volver por { $channel }.
listen-open-case = Abrir un caso
listen-conversation = Conversación
listen-conversation-empty = No se ha visto ninguna otra publicación de esta conversación.

## Temas.

theme-list-title = Temas
theme-list-stream = Flujo de menciones
theme-list-intro = Quejas y preguntas parecidas de todos los canales, agrupadas a medida que llegan.
theme-list-by-status = Filtrar los temas por estado
theme-list-all = Todos
theme-list-sort = Ordenar los temas
theme-sort-largest = Más grandes
theme-sort-recent = Más recientes
theme-list-empty = Aún no hay temas aquí.
theme-list-count = { $n ->
    [one] { $n } tema
   *[other] { $n } temas
}
theme-col-theme = Tema
theme-col-status = Estado
theme-col-mentions = Menciones
theme-col-reach = Alcance
theme-col-negative = Negativas
theme-col-spark = { $n ->
    [one] Último día
   *[other] Últimos { $n } días
}
theme-col-last-seen = Visto por última vez
theme-col-day = Día
theme-page-title = Tema: { $label }
theme-merged = Este tema se fusionó con otro.
theme-merged-link = Ir al tema { $id }
theme-totals = Totales
theme-last-seen = visto por última vez
theme-note = Nota:
theme-chart = { $n ->
    [one] Menciones por hora en los últimos 7 días: { $n } en total
   *[other] Menciones por hora en los últimos 7 días: { $n } en total
}
theme-chart-spikes = { $n ->
    [one] Menciones por hora en los últimos 7 días: { $n } en total; horas con pico resaltadas
   *[other] Menciones por hora en los últimos 7 días: { $n } en total; horas con pico resaltadas
}
theme-chart-caption = Menciones por hora en los últimos 7 días.
theme-chart-caption-spikes = Menciones por hora en los últimos 7 días; las horas con pico, en ámbar.
theme-daily-table = Menciones por día (tabla)
theme-spike-line = { $n ->
    [one] { $when }: { $n } mención (lo habitual: { $usual })
   *[other] { $when }: { $n } menciones (lo habitual: { $usual })
}
theme-status-heading = Estado
theme-status-label = Estado
theme-note-label = Nota para el equipo
theme-status-save = Guardar el estado
theme-merge-heading = Fusionar
theme-merge-intro = Mueve todas las menciones de este tema a otro.
theme-merge-into = Fusionar con
theme-merge-choose = Elige un tema
theme-merge-submit = Fusionar
theme-samples = Menciones recientes
theme-split-legend = Selecciona las menciones que tratan de otro problema y sepáralas en un tema nuevo.
theme-mention-details = detalles
theme-mention-details-of = Detalles de la mención de { $author }
theme-split-submit = Separar las seleccionadas en un tema nuevo
theme-status-set = { $status ->
    [new] El tema está ahora marcado como nuevo.
    [acknowledged] El tema está ahora reconocido.
    [fixing] El tema está ahora en corrección.
   *[resolved] El tema está ahora resuelto.
}
theme-merge-choose-first = Elige el tema con el que fusionarlo.
theme-merged-flash = { $n ->
    [one] Fusionado: este tema tiene ahora { $n } mención.
   *[other] Fusionado: este tema tiene ahora { $n } menciones.
}
theme-split-flash = { $n ->
    [one] Se separó { $n } mención en este tema nuevo.
   *[other] Se separaron { $n } menciones en este tema nuevo.
}

## Fuentes (administración).

source-list-title = Fuentes
source-add-form = Añadir una fuente
source-add-on = Añadir una fuente en
source-add = Añadir la fuente
source-list-empty = Aún no hay fuentes.
source-list-empty-other = Las menciones también pueden llegar sin fuente:
source-list-caption = { $n ->
    [one] { $n } fuente y cómo funciona
   *[other] { $n } fuentes y cómo funcionan
}
source-col-source = Fuente
source-col-query = Consulta
source-col-state = Situación
source-col-last-fetch = Última lectura
source-col-counts = Coincidentes / nuevas / filtradas
source-col-lag = Retraso
source-col-actions = Acciones
source-listening = Escuchando
source-paused = En pausa
source-error = Error: { $error }
source-error-repeated = { $n ->
    [one] Error ({ $n } seguido): { $error }
   *[other] Error ({ $n } seguidos): { $error }
}
source-never = nunca
source-pause = Pausar
source-resume = Reanudar
source-edit-title = Fuente { $name }
source-new-title = Nueva fuente de { $channel }
source-secret-once = El secreto de firma de esta fuente solo se muestra ahora.
source-secret-give = Dáselo al relé que publica aquí:
source-post-to = Publica en esta dirección:
source-sign-with = Firma cada solicitud con esta cabecera:
source-signature-value = HMAC-SHA256 del cuerpo en hexadecimal
source-relays-post = Los relés publican en esta dirección, firmando con el secreto de la fuente:
source-status = Estado
source-state = Situación
source-last-fetch = Última lectura
source-last-error = Último error
source-none = ninguno
source-items-seen = Elementos vistos
source-items-new = { $n ->
    [one] nuevo: { $n }
   *[other] nuevos: { $n }
}
source-lag = Retraso
source-name = Nombre
source-query = Consulta
source-query-hint = Palabras clave con AND, OR, NOT, "frases entre comillas", #etiquetas y @cuentas. Por ejemplo:
source-server = Servidor
source-example = p. ej. { $example }
source-stream = Seguir las etiquetas en directo (API de streaming)
source-mentions = Recoger todas las menciones de la cuenta del token
source-jetstream = Jetstream
source-appview = AppView (perfiles)
source-pds = PDS (para las respuestas)
source-handle = Usuario que responde
source-feed-url = Dirección del feed
source-access-token = Token de acceso
source-app-password = Contraseña de aplicación
source-signing-secret = Secreto de firma
source-secret-set = Hay un secreto guardado; déjalo vacío para conservarlo.
source-secret-optional = Opcional para escuchar lo público; necesario para buscar, leer menciones y responder.
source-poll = Segundos entre consultas
source-poll-invalid = debe ser un número entero de segundos
source-enabled = Escuchando (desmárcalo para pausar)
source-save = Guardar la fuente
source-create = Crear la fuente
source-delete = Eliminar esta fuente
source-delete-note = Sus menciones se conservan.
source-choose-channel = elige un canal
source-created = Fuente «{ $name }» creada.
source-saved = Fuente «{ $name }» guardada.
source-resumed = Fuente «{ $name }» reanudada.
source-paused-flash = Fuente «{ $name }» en pausa.
source-deleted = Fuente eliminada; sus menciones se conservan.
