# Ablehnungen und Konflikte, geschrieben vom Dienst und der Web-Schicht (siehe chorus_i18n::Text).

text-verbatim = { $text }
err-limit-range = muss zwischen 1 und { $max } liegen
err-lease-moved = diese Instanz hält die Zuständigkeit für { $lease } nicht mehr; eine andere übernimmt
err-not-a-date = { $value } ist kein Datum (2026-11-22) und keine RFC-3339-Zeit
err-unknown-name = unbekannter Wert für { $what }: { $value }; erwartet wird einer von { $expected }
err-unknown-role = unbekannte Rolle { $value }: erwartet wird member, agent, manager oder admin

## What a refused request says (the API capitalises the first letter)
err-fields = Einige Felder brauchen Ihre Aufmerksamkeit.
err-unauthenticated = Anmeldung erforderlich
err-invalid-credentials = E-Mail-Adresse oder Passwort ist falsch
err-suspended = dieses Konto ist gesperrt
err-forbidden = Sie haben keine Berechtigung dafür
err-not-found = nicht gefunden: { $what }
err-rate-limited = zu viele Versuche; bitte in { $secs } s erneut versuchen
err-silenced = eine Moderatorin oder ein Moderator hat Ihre Beiträge pausiert bis { $until }
err-internal = Bei uns ist etwas schiefgegangen. Es wurde protokolliert.

## Error pages
error-page-not-found = Diese Seite haben wir nicht gefunden. Vielleicht wurde sie verschoben oder hat nie existiert.
error-page-forbidden = Ihr Konto hat keinen Zugriff auf diese Seite.
error-page-too-large = Was Sie gesendet haben, ist zu groß.
error-page-not-a-form = Dieses Formular muss als normales Formular gesendet werden.
error-page-unreadable-form = Das Formular konnte nicht gelesen werden: { $detail }
error-page-cross-site = Diese Anfrage kam von einer anderen Website und wurde zum Schutz Ihres Kontos abgelehnt. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
error-page-method = Diese Adresse nimmt diese Art von Anfrage nicht an.
error-page-timeout = Das hat zu lange gedauert. Bitte versuchen Sie es noch einmal.
error-page-unhandled = Die Anfrage konnte nicht bearbeitet werden.

## Refusals of the web layer and the API
err-web-not-an-id = { $value } ist keine ID
err-web-export-unknown = { $report } muss einer der folgenden Werte sein: { $expected }
err-web-oembed-format = bitte json verwenden
err-web-flag-state = { $value } muss open oder resolved sein
err-web-deflection-event = bitte shown, opened, solved oder posted verwenden
err-web-deflection-target = bitte topic oder article verwenden
err-web-case-source = entweder mention_id oder topic_id angeben
err-web-not-a-theme = { $value } ist keine Themen-ID
err-web-whole-number = muss eine ganze Zahl sein

## Form fields, named in front of a refusal that needs its field ("Minimum followers: must be a whole number")
field-conditions-channels = Kanäle
field-conditions-intents = Absichten
field-conditions-sentiments = Stimmungen
field-conditions-min-followers = Mindestzahl an Followern
field-conditions-keywords = Stichwörter
field-conditions-languages = Sprachen
field-conditions-themes = Themen
field-team-id = Team
field-name = Name
field-title = Titel
field-body = Text
field-actions = Aktionen
field-channel = Kanal
field-state = Status
field-priority = Priorität
field-note = Notiz
field-assignee = Zuständig
field-level = Vertrauensstufe
field-mention-ids = Erwähnungen
field-mention-id = Erwähnung
field-topic-id = Thema
field-status = Status
field-reason = Grund
field-limit = Seitengröße
field-pattern = Muster
field-action = Aktion
field-email = E-Mail-Adresse
field-into = Zusammenführen mit
field-user-id = Mitglied
field-category = Kategorie
field-description = Beschreibung
field-starts-at = Beginn
field-ends-at = Ende
field-product = Produkt
field-query = Suchanfrage
field-role = Rolle
error-page-bad-address = Ein Teil dieser Adresse ließ sich nicht lesen. Prüfen Sie den Link oder gehen Sie zurück und versuchen Sie es noch einmal.
