# Messages of community refusals and conflicts, written by the service (see chorus_i18n::Text).

## community/embed.rs

err-com-embed-kind = Usa question, problem, idea o praise.
err-com-embed-product-long = Un producto es una etiqueta de 100 caracteres como máximo.

## community/mod.rs

err-com-choose-kind = Elige un tipo.
err-com-bad-cursor = Usa el valor `next` de la página anterior.

## community/reactions.rs

err-com-accept-kind = Solo las preguntas y los problemas tienen respuestas aceptadas; esto es { $kind ->
    [question] una pregunta
    [problem] un problema
    [idea] una idea
    [praise] un elogio
   *[other] { $kind }
}.
err-com-vote-twice = Ya has votado por esto.
err-com-vote-kind = Solo se vota por ideas; en preguntas y problemas usa «A mí también me pasa».
err-com-vote-closed = Esta idea ya no admite votos.
err-com-me-too-kind = «A mí también me pasa» solo está en preguntas y problemas; en las ideas, vota.
err-com-status-kind = Solo las ideas tienen estado.
err-com-at-most-chars = Usa como máximo { $max } caracteres.
err-com-dup-missing = Indica de qué idea es duplicada esta.
err-com-dup-self = Una idea no puede ser duplicada de sí misma.
err-com-dup-chain = Esa idea es a su vez una duplicada; indica la idea de la que es duplicada.
err-com-dup-none = No existe esa idea.
err-com-dup-not-duplicate = Solo el estado Duplicada apunta a otra idea.
err-com-choose-status = Elige un estado.
err-com-status-same = Esta idea ya está { $status ->
    [open] abierta
    [under_review] en revisión
    [planned] planificada
    [started] en marcha
    [done] completada
    [declined] rechazada
    [duplicate] marcada como duplicada
   *[other] en el estado { $status }
}.

## accounts/admin.rs

err-com-own-admin = No puedes quitarte tu propio rol de administrador; pídeselo a otro administrador.
err-com-suspend-self = No puedes suspender tu propia cuenta.

## accounts/mod.rs

err-com-email-taken = Ya existe una cuenta con esta dirección. Inicia sesión o restablece tu contraseña.
err-com-guest-has-account = Esta dirección ya tiene una cuenta. Inicia sesión y pregunta desde ella: esta pregunta no se ha publicado.
err-com-reset-link-used = Este enlace ha caducado o ya se ha usado. Pide uno nuevo.
err-com-wrong-password = Esta no es tu contraseña actual.
err-com-token-name = Usa como máximo 60 caracteres imprimibles.
err-com-locale-unknown = { $tag } no es un idioma de este sitio.

## accounts/oidc.rs

err-com-oidc-race = Otro inicio de sesión acaba de crear tu cuenta. Vuelve a iniciar sesión.

## knowledge/mod.rs

err-com-kb-title-short = Escribe un título de al menos 3 caracteres.
err-com-kb-title-long = El título debe tener menos de { $max } caracteres.
err-com-kb-title-control = El título no puede contener caracteres de control.
err-com-kb-body-empty = Escribe el artículo.
err-com-kb-body-long = El artículo debe tener menos de { $max } caracteres.
err-com-kb-category-long = La categoría debe tener menos de { $max } caracteres.
err-com-kb-category-chars = En las categorías usa letras, dígitos, espacios, guiones y &.
err-com-kb-version-conflict = Alguien guardó la versión { $saved } de este artículo después de la versión { $edited } que editaste; vuelve a cargarlo y aplica de nuevo tus cambios.
err-com-kb-state = Usa published, draft o archived.
err-com-kb-state-filter = Usa published, draft, archived o all.
err-com-kb-promote-unanswered = Solo un tema con una respuesta aceptada puede convertirse en artículo; acepta primero una respuesta.
err-com-kb-promote-case-open = Solo un caso resuelto o cerrado puede convertirse en artículo.
err-com-kb-promote-case-no-reply = Este caso no tiene ninguna respuesta que convertir en solución.

## knowledge/deflection.rs

err-com-draft-token = no es un token de sesión de redacción
err-com-deflection-target = las sugerencias son temas o artículos

## gate.rs

err-com-gate-posts-per-hour = Con el nivel de confianza «{ $level }» puedes publicar { $max ->
    [one] una vez
   *[other] { $max } veces
} por hora. Podrás volver a publicar dentro de { $minutes ->
    [one] un minuto
   *[other] { $minutes } minutos
}; tu texto se conserva abajo.
err-com-gate-links = Con el nivel de confianza «{ $level }» puedes incluir como máximo { $max ->
    [one] un enlace
   *[other] { $max } enlaces
} en una publicación; esta tiene { $links }. Los límites se relajan a medida que participas.
err-com-gate-no-images = Con el nivel de confianza «{ $level }» aún no puedes incluir imágenes. Los límites se relajan a medida que participas.
err-com-gate-images = Con el nivel de confianza «{ $level }» puedes incluir como máximo { $max ->
    [one] una imagen
   *[other] { $max } imágenes
} en una publicación; esta tiene { $images }. Los límites se relajan a medida que participas.
err-com-gate-blocked = Esta comunidad no permite: { $words }. Reformula tu texto, por favor.

## secrets.rs

err-com-secret-key-bad = una clave secreta debe tener 32 bytes en base64 ({ $detail })
err-com-rotation-unfinished = { $path } existe: una rotación anterior no terminó; inicia chorus una vez para resolverlo

## search.rs

err-com-search-type = tipo desconocido { $value }: usa topic, reply, article, event_question o mention
err-com-search-from-to = debe ser anterior a to
err-com-search-offset = debe estar entre 0 y { $max }

## flows.rs

err-com-guest-kind = Elige qué tipo de publicación es.
err-com-canned-none = No existe esa respuesta predefinida.
err-com-thanks-empty = Escribe un agradecimiento o elige una respuesta predefinida.
err-com-feature-consent = Pregunta primero al autor: destaca sus palabras solo con su consentimiento.
err-com-feature-email = Los correos electrónicos son privados: pide al cliente que publique su elogio en la comunidad.
err-com-town-hall-unanswered = ninguna pregunta tiene todavía una respuesta oficial
