# Berichte: das Dashboard mit Kennzahlen, Diagrammen, Datentabellen, Exporten und Übersicht per E-Mail.

reports-title = Berichte
reports-period = { $per ->
    [hour] { $from } bis { $to }, pro Stunde
    [week] { $from } bis { $to }, pro Woche
   *[day] { $from } bis { $to }, pro Tag
}
reports-filters = Zeitraum und Filter
reports-from = Von
reports-to = Bis (einschließlich)
reports-per = Pro
reports-per-hour = Stunde
reports-per-day = Tag
reports-per-week = Woche
reports-channel = Kanal
reports-all-channels = Alle Kanäle
reports-theme = Thema
reports-all-themes = Alle Themen
reports-team = Team
reports-all-teams = Alle Teams
reports-tag = Produkt oder Schlagwort
reports-source = Quelle
reports-all-sources = Alle Quellen
reports-update = Aktualisieren
reports-reset = Zurücksetzen

## Kennzahlen.

reports-key-figures = Kennzahlen
reports-key-figures-csv = Kennzahlen als CSV
reports-kpi-mentions = Erwähnungen
reports-kpi-reach = Reichweite { $reach }
reports-kpi-negative = Negativ
reports-kpi-negative-hint = { $n ->
    [one] { $part } von { $n } Erwähnung
   *[other] { $part } von { $n } Erwähnungen
}
reports-kpi-cases = Eröffnete Fälle
reports-kpi-resolved = { $n ->
    [one] { $n } gelöst
   *[other] { $n } gelöst
}
reports-kpi-first-response = Erste Antwort
reports-kpi-median = Median · p90 { $p90 }
reports-kpi-resolution = Lösung
reports-kpi-sla = SLA eingehalten
reports-kpi-sla-none = noch keine Fälle fällig
reports-kpi-sla-due = { $n ->
    [one] von { $n } fälligen SLA-Frist
   *[other] von { $n } fälligen SLA-Fristen
}
reports-kpi-topics = Community-Themen
reports-kpi-questions = { $n ->
    [one] { $n } Frage oder Problem
   *[other] { $n } Fragen und Probleme
}
reports-kpi-peer = Antworten aus der Community
reports-kpi-peer-hint = { $n ->
    [one] von { $n } akzeptierten Antwort · erste Antwort { $first }
   *[other] von { $n } akzeptierten Antworten · erste Antwort { $first }
}
reports-kpi-deflection = Selbsthilfequote
reports-kpi-deflected = { $n ->
    [one] { $n } Frage vor dem Posten beantwortet
   *[other] { $n } Fragen vor dem Posten beantwortet
}
reports-kpi-cost = Kosten pro Anliegen
reports-kpi-cost-handled = { $n ->
    [one] { $n } bearbeitet zu { $cost }
   *[other] { $n } bearbeitet zu je { $cost }
}
reports-kpi-cost-deflected = { $n ->
    [one] { $n } vermieden zu { $cost }
   *[other] { $n } vermieden zu je { $cost }
}
reports-duration-days = { $n ->
    [one] { $n } Tag
   *[other] { $n } Tage
}

## Diagramme: Titel, Achsen, Legenden und ihre Datentabellen.

chart-volume = { $per ->
    [hour] Erwähnungen pro Stunde
    [week] Erwähnungen pro Woche
   *[day] Erwähnungen pro Tag
}
chart-volume-caption = { $per ->
    [hour] Erwähnungen und Reichweite pro Stunde
    [week] Erwähnungen und Reichweite pro Woche
   *[day] Erwähnungen und Reichweite pro Tag
}
chart-sentiment = { $per ->
    [hour] Stimmung pro Stunde
    [week] Stimmung pro Woche
   *[day] Stimmung pro Tag
}
chart-sentiment-caption = { $per ->
    [hour] Erwähnungen nach Stimmung pro Stunde
    [week] Erwähnungen nach Stimmung pro Woche
   *[day] Erwähnungen nach Stimmung pro Tag
}
chart-channels = Reichweite nach Kanal
chart-channels-caption = Erwähnungen und Reichweite nach Kanal
chart-work = { $per ->
    [hour] Eröffnete Fälle und neue Beiträge pro Stunde
    [week] Eröffnete Fälle und neue Beiträge pro Woche
   *[day] Eröffnete Fälle und neue Beiträge pro Tag
}
chart-work-caption = { $per ->
    [hour] Eröffnete Fälle und Community-Beiträge pro Stunde
    [week] Eröffnete Fälle und Community-Beiträge pro Woche
   *[day] Eröffnete Fälle und Community-Beiträge pro Tag
}
chart-axis-mentions = Erwähnungen
chart-axis-reach = Reichweite
chart-axis-count = Anzahl
chart-series-mentions = Erwähnungen
chart-series-negative = Negativ
chart-series-neutral = Neutral
chart-series-positive = Positiv
chart-series-cases = Fälle
chart-series-topics = Beiträge
reports-data-table = Datentabelle
reports-for-chart = zu „{ $chart }“
reports-csv = CSV
reports-csv-of = zu „{ $chart }“

## Themen des Zeitraums.

reports-top-themes = Wichtigste und wachsende Themen
reports-no-themes = Keine Themen in diesem Zeitraum.
reports-themes-caption = Themen mit den meisten Erwähnungen und ihre Veränderung gegenüber dem vorigen Zeitraum
reports-col-theme = Thema
reports-col-mentions = Erwähnungen
reports-col-negative = Negativ
reports-col-change = Veränderung
reports-rising = Wachsend
reports-theme-new = neu
reports-csv-of-themes = der Themen
reports-csv-cases = Fallzahlen als CSV
reports-csv-community = Community-Zahlen als CSV
reports-csv-sentiment = Stimmung als CSV

## Stimmungswende und Zufriedenheit.

reports-turnaround = Stimmungswende: verärgerte Kunden, die umgestimmt wurden
reports-turnaround-intro = { $n ->
    [one] Von den Kunden, die in diesem Zeitraum mit einer negativen Nachricht einen Fall eröffnet und eine Antwort bekommen haben: wie viele innerhalb von { $n } Tag danach neutral oder positiv waren – laut ihrer Zufriedenheitsumfrage (3 oder mehr), sonst laut ihrer nächsten Nachricht auf einem ihrer Kanäle.
   *[other] Von den Kunden, die in diesem Zeitraum mit einer negativen Nachricht einen Fall eröffnet und eine Antwort bekommen haben: wie viele innerhalb von { $n } Tagen danach neutral oder positiv waren – laut ihrer Zufriedenheitsumfrage (3 oder mehr), sonst laut ihrer nächsten Nachricht auf einem ihrer Kanäle.
}
reports-turnaround-silent = { $n ->
    [one] { $n } hat sich danach nicht mehr gemeldet und wird nicht mitgezählt.
   *[other] { $n } haben sich danach nicht mehr gemeldet und werden nicht mitgezählt.
}
reports-turned = { $n ->
    [one] umgestimmt ({ $turned } von { $n })
   *[other] umgestimmt ({ $turned } von { $n })
}
reports-satisfaction = Zufriedenheit
reports-csat-from = { $n ->
    [one] aus { $n } Antwort
   *[other] aus { $n } Antworten
}
reports-turnaround-by-channel = Stimmungswende nach Kanal
reports-turnaround-by-team = Stimmungswende nach Team
reports-turnaround-by-agent = Stimmungswende nach Agent
reports-turnaround-by-theme = Stimmungswende nach Thema
reports-csat-by-team = Zufriedenheit nach Team
reports-csat-by-agent = Zufriedenheit nach Agent
reports-csat-by-channel = Zufriedenheit nach Kanal
reports-col-channel = Kanal
reports-col-team = Team
reports-col-agent = Agent
reports-col-turned = Umgestimmt
reports-col-of = Von
reports-col-rate = Quote
reports-col-answers = Antworten
reports-col-average = Durchschnitt
reports-col-satisfied = 4 oder 5
reports-examples = Beispiele
reports-example-case = Fall #{ $id }: { $subject }
reports-before = Vorher:
reports-after = Nachher:
reports-turnaround-csv = Stimmungswende als CSV

## Die Übersicht per E-Mail.

reports-digest = Übersicht per E-Mail
reports-digest-recipients = Diese Zahlen gehen per E-Mail an die Beteiligten aus der Einstellung
reports-digest-schedule = Täglich oder wöchentlich, je nach Einstellung
reports-digest-try = Schicken Sie sich die Übersicht des letzten Zeitraums, um sie anzusehen.
reports-digest-send = Übersicht jetzt an mich senden
reports-digest-sent = Übersicht an { $to } gesendet.
