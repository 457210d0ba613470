# Engagement: Lob beantworten, Fürsprecher, Fragestunden und Zufriedenheitsumfragen.

## Lob beantworten

engage-praise-title = Lob, das eine Antwort verdient
engage-praise-intro = Positive Erwähnungen und Lob-Themen, auf die noch niemand geantwortet hat, die lohnendsten zuerst: nach Reichweite, nach wiederkehrenden Fans und danach, ob sie ein Produkt oder jemanden aus dem Team nennen. Lob landet nie im Fall-Eingang.
engage-see-also = Siehe auch:
engage-see-advocates = Fürsprecher
engage-see-turnaround = Bericht zur Stimmungswende
engage-praise-empty = Gerade gibt es nichts zu beantworten. Neues Lob erscheint hier, sobald es eingeht.
engage-channel-community = Community
engage-channel-mastodon = Mastodon
engage-channel-bluesky = Bluesky
engage-channel-feed = Newsfeed
engage-channel-webhook = Webhook
engage-channel-email = E-Mail
engage-channel-import = Import
engage-original = Zum Original
engage-original-by = (Beitrag von { $author })
engage-why = Grund: { $reason }
engage-reach = Reichweite { $reach }
engage-reason-topic = { $n ->
    [one] Lob-Thema mit { $n } Stimme
   *[other] Lob-Thema mit { $n } Stimmen
}
engage-reason-followers = { $n ->
    [one] erreicht { $n } Follower
   *[other] erreicht { $n } Follower
}
engage-reason-repeat-fan = { $n ->
    [one] Stammfan ({ $n } positiver Beitrag)
   *[other] Stammfan ({ $n } positive Beiträge)
}
engage-reason-names = nennt { $names }
engage-reason-positive = positive Erwähnung
engage-thank = { $author } danken
engage-canned = Textbaustein
engage-canned-none = Keiner: den Text unten verwenden
engage-thanks-mention = Ihr Dank (wird als Antwort auf { $channel } veröffentlicht)
engage-thanks-topic = Ihr Dank (eine offizielle Antwort im Thema)
engage-thanks-send = Dank senden
engage-cannot-post = Chorus kann hier nicht auf { $channel } antworten (der Beitrag kam ohne verbundenes Konto herein): Bedanken Sie sich dort, wo er veröffentlicht wurde.
engage-feature = In der Community hervorheben
engage-feature-consent = { $author } ist mit der Hervorhebung einverstanden
engage-feature-send = Als Lob-Thema veröffentlichen
engage-dismiss = Verwerfen
engage-dismiss-post-by = (Beitrag von { $author })
engage-thanked-mention = Dank eingereiht: Er wird über den Kanal der Person verschickt.
engage-thanked-topic = Dank im Thema veröffentlicht.
engage-featured = In der Community hervorgehoben: „{ $title }“.
engage-feature-choose = Wählen Sie eine Erwähnung zum Hervorheben.
engage-dismissed = Aus der Liste entfernt.

## Fürsprecher

engage-advocates-title = Fürsprecher
engage-advocates-intro = { $n ->
    [one] Die Personen mit den meisten positiven Beiträgen am letzten Tag, über alle Kanäle: 5 Punkte pro akzeptierter Antwort, 3 pro Lob-Thema, 2 pro positiver Erwähnung, 1 pro hilfreicher Stimme für ihre Antworten.
   *[other] Die Personen mit den meisten positiven Beiträgen in den letzten { $n } Tagen, über alle Kanäle: 5 Punkte pro akzeptierter Antwort, 3 pro Lob-Thema, 2 pro positiver Erwähnung, 1 pro hilfreicher Stimme für ihre Antworten.
}
engage-advocates-people = Ein Mitglied und die mit ihm verknüpften Konten zählen als eine Person.
engage-advocates-empty = In diesem Zeitraum gibt es noch keine positiven Beiträge.
engage-advocates-caption = Fürsprecher nach Punkten
engage-col-person = Person
engage-col-score = Punkte
engage-col-accepted = Akzeptierte Antworten
engage-col-votes = Hilfreich-Stimmen
engage-col-praise = Lob-Themen
engage-col-mentions = Positive Erwähnungen
engage-col-reach = Reichweite
engage-col-last = Zuletzt aktiv
engage-col-program = Programm
engage-invited = Eingeladen am { $date }
engage-invite = Einladen
engage-invite-label = Einladung (wird per E-Mail verschickt)
engage-invite-send = Einladung senden
engage-not-member = Kein Mitglied
engage-invite-subject = Eine Einladung von { $hub }
engage-invite-body = Sie gehören zu den Menschen, die { $hub } lebendig machen: Ihre Antworten und freundlichen Worte helfen anderen jeden Tag. Wir möchten Sie gern zu unserem Fürsprecher-Programm einladen – mit frühem Zugang zu neuen Funktionen, einem direkten Draht zum Team und einem Dankeschön von uns. Antworten Sie einfach auf diese E-Mail, wenn Sie dabei sein möchten.
engage-invite-sent = Einladung verschickt.
engage-invite-choose = Wählen Sie ein Mitglied.

## Zufriedenheitsumfragen

csat-title = Wie waren wir?
csat-about = Betreff: „{ $subject }“
csat-thanks = Vielen Dank! Ihre Antwort ({ $score } von 5) hilft uns, besser zu werden.
csat-answered = Diese Umfrage wurde bereits beantwortet ({ $score } von 5). Vielen Dank!
csat-expired = Dieser Umfragelink ist abgelaufen. Danke, dass Sie an uns gedacht haben.
csat-question = Wie zufrieden sind Sie mit der Hilfe, die Sie bekommen haben?
csat-score-1 = sehr unzufrieden
csat-score-2 = unzufrieden
csat-score-3 = weder noch
csat-score-4 = zufrieden
csat-score-5 = sehr zufrieden
csat-comment = Möchten Sie uns noch etwas mitteilen? (optional)
csat-send = Antwort senden

## Fragestunden

event-list-title = Fragestunden
event-schedule = Fragestunde planen
event-list-intro = Lernen Sie das Team kennen: Stellen Sie vor und während jeder Fragestunde Fragen, stimmen Sie ab und lesen Sie die Antworten danach nach.
event-search-label = Fragestunden, Fragen und Antworten durchsuchen
event-search = Suchen
event-list-empty = Noch keine Fragestunden.
event-list-no-match = Keine Fragestunde passt zu „{ $q }“.
event-phase-live = Jetzt live
event-phase-upcoming = Demnächst
event-phase-ended = Archiv
event-counts = { $n ->
    [one] { $n } Frage, { $answered } beantwortet
   *[other] { $n } Fragen, { $answered } beantwortet
}
event-when-same-day = { $day }, { $start }–{ $end } Uhr UTC
event-when-range = { $start } bis { $end }
event-hosted-by = mit { $hosts }
event-add-calendar = Zum Kalender hinzufügen
event-ics-file = (ICS-Datei)
event-remind = Per E-Mail erinnern
event-stop-remind = Erinnerung abbestellen
event-promote = Aus den Antworten einen Wissensartikel machen
event-ask-title = Eine Frage stellen
event-your-question = Ihre Frage
event-ask = Fragen
event-login-to-ask = Melden Sie sich an, um zu fragen und abzustimmen
event-questions = Fragen
event-archive-intro = Das Archiv dieser Fragestunde: ihre Fragen und die Antworten des Teams.
event-live-intro = Die meistgewählten zuerst. Diese Liste aktualisiert sich selbst, solange die Seite geöffnet ist; laden Sie neu, um ohne JavaScript den neuesten Stand zu sehen.
event-field-title = Titel
event-field-starts = Beginn (UTC)
event-field-ends = Ende (UTC)
event-field-product = Produkt (optional)
event-field-description = Worum es geht (Markdown, optional; ein Videolink allein in einer Zeile wird zum Player)
event-field-hosts = Gastgeber (sie beantworten die Fragen)
event-schedule-send = Planen
event-no-questions = Noch keine Fragen.
event-be-first = Stellen Sie die erste Frage.
event-votes = { $n ->
    [one] { $n } Stimme
   *[other] { $n } Stimmen
}
event-asked-by = Gefragt von { $author }
event-held = Wartet auf Prüfung
event-hidden = Ausgeblendet
event-vote = Abstimmen
event-voted = Abgestimmt
event-vote-hidden = (für diese Frage)
event-official-answer = Offizielle Antwort
event-answer = Beantworten
event-change-answer = Antwort ändern
event-change-answer-hidden = (zu dieser Frage)
event-this-question = (diese Frage)
event-answer-label = Offizielle Antwort (Markdown; ein Videolink allein in einer Zeile wird zum Player)
event-answer-send = Antwort veröffentlichen
event-hide = Ausblenden
event-show = Einblenden
event-duplicate-of = Duplikat von
event-choose-question = Frage auswählen
event-merge = Zusammenführen
event-scheduled = Die Fragestunde ist geplant. Teilen Sie ihre Seite, damit Fragen gestellt werden können.
event-asked-held = Ihre Frage wird von der Moderation geprüft, bevor andere sie sehen.
event-asked = Ihre Frage ist eingegangen. Andere können jetzt dafür stimmen.
event-following = Sie bekommen vor dem Beginn eine Erinnerung per E-Mail.
event-unfollowed = Sie folgen dieser Fragestunde nicht mehr.
event-promoted = Aus den beantworteten Fragen wurde ein Artikelentwurf erstellt. Bearbeiten Sie ihn und reichen Sie ihn dann zur Prüfung ein.
event-vote-counted = Stimme gezählt.
event-vote-removed = Stimme zurückgenommen.
event-answered = Antwort veröffentlicht.
event-merged = Zusammengeführt: Die Stimmen dieser Frage zählen jetzt für die andere.
event-merge-choose = Wählen Sie die Frage, von der diese ein Duplikat ist.
event-shown = Die Frage wird angezeigt.
event-hidden-done = Die Frage ist ausgeblendet.
