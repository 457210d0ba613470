# Fragen: ein Thema verfassen, als Gast fragen, vorgeschlagene Antworten und Suche.

## Ein Thema verfassen

ask-title-new = Neues Thema
ask-title-edit = Thema bearbeiten
ask-heading-new = Ein Thema eröffnen
ask-kind-question = Frage
ask-kind-question-hint = Sie möchten wissen, wie etwas geht.
ask-kind-problem = Problem
ask-kind-problem-hint = Etwas funktioniert nicht so, wie es sollte.
ask-kind-idea = Idee
ask-kind-idea-hint = Ein Vorschlag, um das Produkt zu verbessern.
ask-kind-praise = Lob
ask-kind-praise-hint = Etwas, das Ihnen gefällt und das Sie sagen möchten.
ask-field-title = Titel
ask-field-title-hint = Ein klarer Satz, höchstens 200 Zeichen.
ask-field-title-hint-live = Ein klarer Satz, höchstens 200 Zeichen. Schon während Sie tippen, suchen wir nach vorhandenen Antworten.
ask-check = Nach vorhandenen Antworten suchen
ask-field-body = Details
ask-field-body-hint = Was ist passiert, was haben Sie erwartet, Versionen, Schritte. Markdown funktioniert.
ask-field-tags = Schlagwörter
ask-field-tags-hint = Bis zu 5, durch Kommas getrennt, z. B. login, mobil.
ask-field-category = Produkt oder Kategorie (optional)
ask-nudge-lead = Bevor Sie posten:
ask-nudge-choice = Bearbeiten Sie Ihr Thema oben, oder posten Sie es unverändert – dann liest es zuerst die Moderation.
ask-nudge-abuse = Ihr Frust hat hier Platz, aber das liest sich wie ein Angriff auf eine Person. Können Sie es so umformulieren, dass es um das geht, was schiefgelaufen ist? Solche Beiträge werden zurückgehalten, bis die Moderation sie gelesen hat.
ask-nudge-filter = Der Text enthält Wörter, die die Moderation auf Wunsch dieser Community prüft. Sie können ihn umformulieren oder unverändert posten; dann liest ihn zuerst die Moderation.
ask-nudge-spam = Das wirkt sehr wie Spam (viele Links, derselbe Text erneut oder viele Beiträge in kurzer Zeit). Die Moderation liest es, bevor es veröffentlicht wird.
ask-nudge-flags = Mitglieder haben diesen Beitrag gemeldet, daher ist er ausgeblendet, bis die Moderation ihn gelesen hat.
ask-post = Thema posten
ask-save = Änderungen speichern
ask-cancel = Abbrechen
ask-topic-posted = Ihr Thema ist veröffentlicht. Sie werden über Antworten benachrichtigt.
ask-topic-held = Ihr Thema wird zurückgehalten: Die Moderation liest es, bevor andere es sehen.

## Ohne Konto fragen

ask-guest-title = Die Community fragen
ask-guest-intro = Kein Konto nötig: Sagen Sie uns, wohin wir einen Bestätigungslink schicken sollen; Ihre Frage wird veröffentlicht, sobald Sie ihn öffnen.
ask-guest-have-account = Sie haben schon ein Konto?
ask-guest-login = Melden Sie sich an, um mit Ihrem Konto zu fragen.
ask-guest-sent = Sehen Sie in Ihr Postfach: Wir haben einen Link an { $email } geschickt. Ihre Frage wird veröffentlicht, wenn Sie ihn öffnen (innerhalb von 24 Stunden).
ask-field-name = Ihr Name
ask-field-name-hint = Wird neben Ihrer Frage angezeigt.
ask-field-email = E-Mail-Adresse
ask-field-email-hint = Dorthin schicken wir den Link. Sie wird nie angezeigt.
ask-guest-send = Link zuschicken
ask-guest-too-many = { $n ->
    [one] Zu viele Fragen von hier. Versuchen Sie es in { $n } Minute erneut.
   *[other] Zu viele Fragen von hier. Versuchen Sie es in { $n } Minuten erneut.
}
ask-confirm-title = Ihre Frage veröffentlichen
ask-confirm-held = Ihre Frage wird zurückgehalten: Die Moderation liest sie, bevor andere sie sehen. Sie hören per E-Mail von uns.
ask-confirm-asked = Ihre Frage:
ask-confirm-publish = Meine Frage veröffentlichen
ask-confirm-expired = Dieser Link ist abgelaufen oder wurde schon verwendet.
ask-confirm-again = Erneut fragen
ask-confirm-published = Ihre Frage ist veröffentlicht.
ask-confirm-suspended = Das Konto dieser Adresse ist gesperrt.
ask-confirm-not-yet = Ihre Frage konnte noch nicht veröffentlicht werden: { $reason }

## Vorgeschlagene Antworten beim Verfassen

ask-suggest-heading = Diese Antworten lösen es vielleicht schon
ask-suggest-answered = Beantwortet
ask-suggest-solved = Das löst mein Problem
ask-suggest-carry-on = Nicht das Richtige? Dann posten Sie Ihr Thema einfach weiter.
ask-suggest-none = Noch passt keine vorhandene Antwort. Posten Sie ruhig.
ask-deflect-solved = Schön, dass das geholfen hat. Ihr Entwurf wurde nicht gepostet.

## Suche

ask-search-title = Suche
ask-search-for = Suchen nach
ask-search-hint = Wörter, "genaue Wortfolgen", -ausgeschlossene. Tippfehler und andere Formulierungen sind kein Problem.
ask-search-in = In
ask-search-all = Alles
ask-search-topics = Themen
ask-search-replies = Antworten
ask-search-articles = Artikel
ask-search-events = Fragestunden
ask-search-mentions = Erwähnungen
ask-search-tag = Schlagwort oder Kategorie
ask-search-from = Ab
ask-search-before = Vor dem
ask-search-submit = Suchen
ask-search-no-results = Keine Ergebnisse
ask-search-results = Ergebnisse
ask-search-results-page = Ergebnisse, Seite { $page }
ask-search-nothing = Nichts gefunden. Versuchen Sie es mit weniger Wörtern.
ask-search-ask = Fragen Sie stattdessen die Community.
ask-search-more = Weitere Ergebnisse
ask-search-previous = Zurück
ask-search-next = Weiter
ask-hit-topic = Thema
ask-hit-reply = Antwort
ask-hit-article = Artikel
ask-hit-mention = Erwähnung
ask-hit-event-question = Fragestunde
