# El widget de la comunidad en otros sitios (embed.js) y las tarjetas oEmbed.

embed-heading = Preguntas de la comunidad
embed-search-region = Buscar en la comunidad
embed-search = Busca una respuesta
embed-suggestions = Respuestas sugeridas
embed-ask = Pregunta a la comunidad
embed-answers-from = Respuestas de
embed-our-community = nuestra comunidad
embed-no-topics = Aún no hay preguntas. Sé la primera persona en preguntar.
embed-accepted = Respuesta aceptada
embed-official = Respuesta oficial
embed-accepted-by = Respuesta aceptada de { $author }:
embed-official-by = Respuesta oficial de { $author }:
embed-read-answer = Leer la respuesta
embed-read-answer-to = Leer la respuesta a { $title }
embed-replies = { $n ->
        [one] { $n } respuesta
       *[other] { $n } respuestas
    }
embed-solved = Esto lo resolvió
embed-solved-it = Esto lo resolvió: { $title }
embed-thanks = Gracias por contárnoslo.
embed-no-answers = Aún no hay respuestas: pregunta a la comunidad
embed-may-help = { $n ->
        [one] { $n } respuesta puede ayudar
       *[other] { $n } respuestas pueden ayudar
    }
