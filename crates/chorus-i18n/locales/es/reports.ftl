# Informes: el panel con sus cifras clave, gráficos, tablas de datos, exportaciones y resumen.

reports-title = Informes
reports-period = { $per ->
    [hour] Del { $from } al { $to }, por horas
    [week] Del { $from } al { $to }, por semanas
   *[day] Del { $from } al { $to }, por días
}
reports-filters = Periodo y filtros
reports-from = Desde
reports-to = Hasta (incluido)
reports-per = Por
reports-per-hour = Hora
reports-per-day = Día
reports-per-week = Semana
reports-channel = Canal
reports-all-channels = Todos los canales
reports-theme = Tema
reports-all-themes = Todos los temas
reports-team = Equipo
reports-all-teams = Todos los equipos
reports-tag = Producto o etiqueta
reports-source = Fuente
reports-all-sources = Todas las fuentes
reports-update = Actualizar
reports-reset = Restablecer

## Cifras clave.

reports-key-figures = Cifras clave
reports-key-figures-csv = Cifras clave en CSV
reports-kpi-mentions = Menciones
reports-kpi-reach = alcance { $reach }
reports-kpi-negative = Negativas
reports-kpi-negative-hint = { $n ->
    [one] { $part } de { $n } mención
   *[other] { $part } de { $n } menciones
}
reports-kpi-cases = Casos abiertos
reports-kpi-resolved = { $n ->
    [one] { $n } resuelto
   *[other] { $n } resueltos
}
reports-kpi-first-response = Primera respuesta
reports-kpi-median = mediana · p90 { $p90 }
reports-kpi-resolution = Resolución
reports-kpi-sla = SLA cumplido
reports-kpi-sla-none = aún no vence ningún caso
reports-kpi-sla-due = { $n ->
    [one] de { $n } plazo de SLA vencido
   *[other] de { $n } plazos de SLA vencidos
}
reports-kpi-topics = Temas de la comunidad
reports-kpi-questions = { $n ->
    [one] { $n } pregunta o problema
   *[other] { $n } preguntas y problemas
}
reports-kpi-peer = Respuestas de la comunidad
reports-kpi-peer-hint = { $n ->
    [one] de { $n } respuesta aceptada · primera respuesta { $first }
   *[other] de { $n } respuestas aceptadas · primera respuesta { $first }
}
reports-kpi-deflection = Autoservicio
reports-kpi-deflected = { $n ->
    [one] { $n } pregunta resuelta antes de publicarla
   *[other] { $n } preguntas resueltas antes de publicarlas
}
reports-kpi-cost = Coste por consulta
reports-kpi-cost-handled = { $n ->
    [one] { $n } atendida a { $cost }
   *[other] { $n } atendidas a { $cost }
}
reports-kpi-cost-deflected = { $n ->
    [one] { $n } evitada a { $cost }
   *[other] { $n } evitadas a { $cost }
}
reports-duration-days = { $n ->
    [one] { $n } día
   *[other] { $n } días
}

## Gráficos: títulos, ejes, leyendas y sus tablas de datos.

chart-volume = { $per ->
    [hour] Menciones por hora
    [week] Menciones por semana
   *[day] Menciones por día
}
chart-volume-caption = { $per ->
    [hour] Menciones y alcance por hora
    [week] Menciones y alcance por semana
   *[day] Menciones y alcance por día
}
chart-sentiment = { $per ->
    [hour] Sentimiento por hora
    [week] Sentimiento por semana
   *[day] Sentimiento por día
}
chart-sentiment-caption = { $per ->
    [hour] Menciones por sentimiento y hora
    [week] Menciones por sentimiento y semana
   *[day] Menciones por sentimiento y día
}
chart-channels = Alcance por canal
chart-channels-caption = Menciones y alcance por canal
chart-work = { $per ->
    [hour] Casos abiertos y temas publicados por hora
    [week] Casos abiertos y temas publicados por semana
   *[day] Casos abiertos y temas publicados por día
}
chart-work-caption = { $per ->
    [hour] Casos abiertos y temas de la comunidad por hora
    [week] Casos abiertos y temas de la comunidad por semana
   *[day] Casos abiertos y temas de la comunidad por día
}
chart-axis-mentions = Menciones
chart-axis-reach = Alcance
chart-axis-count = Cantidad
chart-series-mentions = Menciones
chart-series-negative = Negativas
chart-series-neutral = Neutras
chart-series-positive = Positivas
chart-series-cases = Casos
chart-series-topics = Temas
reports-data-table = Tabla de datos
reports-for-chart = de «{ $chart }»
reports-csv = CSV
reports-csv-of = de «{ $chart }»

## Temas del periodo.

reports-top-themes = Temas principales y en aumento
reports-no-themes = No hay temas en este periodo.
reports-themes-caption = Los temas con más menciones y su cambio respecto al periodo anterior
reports-col-theme = Tema
reports-col-mentions = Menciones
reports-col-negative = Negativas
reports-col-change = Cambio
reports-rising = En aumento
reports-theme-new = nuevo
reports-csv-of-themes = de los temas
reports-csv-cases = Cifras de casos en CSV
reports-csv-community = Cifras de la comunidad en CSV
reports-csv-sentiment = Sentimiento en CSV

## Recuperación y satisfacción.

reports-turnaround = Recuperación: clientes enfadados que cambiaron de opinión
reports-turnaround-intro = { $n ->
    [one] De los clientes que abrieron un caso en este periodo con un mensaje negativo y recibieron respuesta, cuántos se mostraron neutros o positivos en el día siguiente: según su encuesta de satisfacción (3 o más) o, si no, su siguiente mensaje en cualquiera de sus canales.
   *[other] De los clientes que abrieron un caso en este periodo con un mensaje negativo y recibieron respuesta, cuántos se mostraron neutros o positivos en los { $n } días siguientes: según su encuesta de satisfacción (3 o más) o, si no, su siguiente mensaje en cualquiera de sus canales.
}
reports-turnaround-silent = { $n ->
    [one] { $n } no dijo nada después y no se cuenta.
   *[other] { $n } no dijeron nada después y no se cuentan.
}
reports-turned = { $n ->
    [one] recuperados ({ $turned } de { $n })
   *[other] recuperados ({ $turned } de { $n })
}
reports-satisfaction = satisfacción
reports-csat-from = { $n ->
    [one] de { $n } respuesta
   *[other] de { $n } respuestas
}
reports-turnaround-by-channel = Recuperación por canal
reports-turnaround-by-team = Recuperación por equipo
reports-turnaround-by-agent = Recuperación por agente
reports-turnaround-by-theme = Recuperación por tema
reports-csat-by-team = Satisfacción por equipo
reports-csat-by-agent = Satisfacción por agente
reports-csat-by-channel = Satisfacción por canal
reports-col-channel = Canal
reports-col-team = Equipo
reports-col-agent = Agente
reports-col-turned = Recuperados
reports-col-of = De
reports-col-rate = Tasa
reports-col-answers = Respuestas
reports-col-average = Media
reports-col-satisfied = 4 o 5
reports-examples = Ejemplos
reports-example-case = Caso n.º { $id }: { $subject }
reports-before = Antes:
reports-after = Después:
reports-turnaround-csv = Recuperación en CSV

## El resumen por correo.

reports-digest = Resumen
reports-digest-recipients = Estas cifras llegan por correo a las personas interesadas que figuran en el ajuste
reports-digest-schedule = A diario o cada semana, según el ajuste
reports-digest-try = Envíate el resumen del último periodo para verlo.
reports-digest-send = Enviarme el resumen ahora
reports-digest-sent = Resumen enviado a { $to }.
