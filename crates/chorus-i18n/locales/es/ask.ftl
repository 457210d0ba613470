# Preguntar: redactar un tema, preguntar como visitante, respuestas sugeridas y búsqueda.

## Redactar un tema

ask-title-new = Nuevo tema
ask-title-edit = Editar el tema
ask-heading-new = Abre un tema
ask-kind-question = Pregunta
ask-kind-question-hint = Quieres saber cómo hacer algo.
ask-kind-problem = Problema
ask-kind-problem-hint = Algo no funciona como debería.
ask-kind-idea = Idea
ask-kind-idea-hint = Una sugerencia para mejorar el producto.
ask-kind-praise = Elogio
ask-kind-praise-hint = Algo que te gusta y quieres decirlo.
ask-field-title = Título
ask-field-title-hint = Una frase clara, de 200 caracteres como máximo.
ask-field-title-hint-live = Una frase clara, de 200 caracteres como máximo. Mientras escribes, buscamos respuestas que ya existan.
ask-check = Buscar respuestas existentes
ask-field-body = Detalles
ask-field-body-hint = Qué pasó, qué esperabas, versiones, pasos. Puedes usar Markdown.
ask-field-tags = Etiquetas
ask-field-tags-hint = Hasta 5, separadas por comas, p. ej. login, móvil.
ask-field-category = Producto o categoría (opcional)
ask-nudge-lead = Antes de publicar:
ask-nudge-choice = Edita tu tema arriba o publícalo tal como está y un moderador lo leerá primero.
ask-nudge-abuse = Aquí tu frustración tiene cabida, pero esto se lee como un ataque a una persona. ¿Podrías reformularlo en torno a lo que salió mal? Las publicaciones así quedan retenidas hasta que las lee un moderador.
ask-nudge-filter = El texto contiene palabras que esta comunidad ha pedido revisar a los moderadores. Puedes reformularlo, o publicarlo tal como está y un moderador lo leerá primero.
ask-nudge-spam = Esto se parece mucho a spam (muchos enlaces, el mismo texto repetido o muchas publicaciones en poco tiempo). Un moderador lo leerá antes de publicarlo.
ask-nudge-flags = Varios miembros han denunciado esta publicación, así que queda oculta hasta que la lea un moderador.
ask-post = Publicar el tema
ask-save = Guardar los cambios
ask-cancel = Cancelar
ask-topic-posted = Tu tema está publicado. Te avisaremos cuando haya respuestas.
ask-topic-held = Tu tema está retenido: un moderador lo leerá antes de que lo vean los demás.

## Preguntar sin cuenta

ask-guest-title = Pregunta a la comunidad
ask-guest-intro = No necesitas cuenta: dinos adónde enviar un enlace de confirmación y tu pregunta se publicará en cuanto lo abras.
ask-guest-have-account = ¿Ya tienes una cuenta?
ask-guest-login = Inicia sesión para preguntar desde tu cuenta.
ask-guest-sent = Revisa tu bandeja de entrada: hemos enviado un enlace a { $email }. Tu pregunta se publicará cuando lo abras (en un plazo de 24 horas).
ask-field-name = Tu nombre
ask-field-name-hint = Se muestra junto a tu pregunta.
ask-field-email = Dirección de correo electrónico
ask-field-email-hint = Te enviamos el enlace aquí. Nunca se muestra.
ask-guest-send = Envíame el enlace
ask-guest-too-many = { $n ->
    [one] Demasiadas preguntas desde aquí. Vuelve a intentarlo dentro de { $n } minuto.
   *[other] Demasiadas preguntas desde aquí. Vuelve a intentarlo dentro de { $n } minutos.
}
ask-confirm-title = Publica tu pregunta
ask-confirm-held = Tu pregunta está retenida: un moderador la leerá antes de que la vean los demás. Te escribiremos por correo electrónico.
ask-confirm-asked = Tu pregunta:
ask-confirm-publish = Publicar mi pregunta
ask-confirm-expired = Este enlace ha caducado o ya se usó.
ask-confirm-again = Volver a preguntar
ask-confirm-published = Tu pregunta está publicada.
ask-confirm-suspended = La cuenta de esta dirección está suspendida.
ask-confirm-not-yet = Tu pregunta aún no se ha podido publicar: { $reason }

## Respuestas sugeridas al redactar

ask-suggest-heading = Puede que estas respuestas ya lo resuelvan
ask-suggest-answered = Con respuesta
ask-suggest-solved = Esto resuelve mi problema
ask-suggest-carry-on = ¿No es lo que necesitas? Sigue adelante y publica tu tema.
ask-suggest-none = Todavía no coincide ninguna respuesta existente. Adelante, publica.
ask-deflect-solved = Nos alegra que esto lo haya resuelto. Tu borrador no se ha publicado.

## Búsqueda

ask-search-title = Buscar
ask-search-for = Buscar
ask-search-hint = Palabras, "frases exactas", -excluidas. No pasa nada si hay faltas de ortografía o se usan otras palabras.
ask-search-in = En
ask-search-all = Todo
ask-search-topics = Temas
ask-search-replies = Respuestas
ask-search-articles = Artículos
ask-search-events = Encuentros
ask-search-mentions = Menciones
ask-search-tag = Etiqueta o categoría
ask-search-from = Desde
ask-search-before = Antes del
ask-search-submit = Buscar
ask-search-no-results = Sin resultados
ask-search-results = Resultados
ask-search-results-page = Resultados, página { $page }
ask-search-nothing = No hay coincidencias. Prueba con menos palabras.
ask-search-ask = Mejor pregunta a la comunidad.
ask-search-more = Más resultados
ask-search-previous = Anterior
ask-search-next = Siguiente
ask-hit-topic = Tema
ask-hit-reply = Respuesta
ask-hit-article = Artículo
ask-hit-mention = Mención
ask-hit-event-question = Sesión abierta
