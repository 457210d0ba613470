# Monitoring: der Strom der Erwähnungen, die Seite einer Erwähnung, Themen und die Quellen, die Erwähnungen liefern.

## Kanäle, Signale und Status von Themen (eine Meldung pro Wert).

listen-channel-community = Community
listen-channel-mastodon = Mastodon
listen-channel-bluesky = Bluesky
listen-channel-feed = Newsfeed
listen-channel-webhook = Webhook
listen-channel-email = E-Mail
listen-channel-import = Importiert
listen-channel-other = Sonstige
listen-sentiment-negative = negativ
listen-sentiment-neutral = neutral
listen-sentiment-positive = positiv
listen-intent-complaint = Beschwerde
listen-intent-question = Frage
listen-intent-praise = Lob
listen-intent-idea = Idee
listen-intent-other = Sonstiges
theme-status-new = Neu
theme-status-acknowledged = Bestätigt
theme-status-fixing = In Arbeit
theme-status-resolved = Behoben

## Der Strom der Erwähnungen.

listen-title = Monitoring
listen-all-themes = Alle Themen
listen-last-day = Letzte 24 Stunden
listen-stat-mentions = { $n ->
    [one] Erwähnung in 24 h
   *[other] Erwähnungen in 24 h
}
listen-stat-reach = Reichweite
listen-stat-negative = negativ
listen-stat-complaints = { $n ->
    [one] Beschwerde
   *[other] Beschwerden
}
listen-volume-caption = Erwähnungen pro Stunde, letzte 48 Stunden.
listen-volume-caption-spikes = Erwähnungen pro Stunde, letzte 48 Stunden; Stunden mit Spitzen in Bernsteingelb.
listen-volume-chart = { $n ->
    [one] Erwähnungen pro Stunde in den letzten 48 Stunden: insgesamt { $n }
   *[other] Erwähnungen pro Stunde in den letzten 48 Stunden: insgesamt { $n }
}
listen-volume-chart-spike = { $n ->
    [one] Erwähnungen pro Stunde in den letzten 48 Stunden: insgesamt { $n }, mit einer Spitze
   *[other] Erwähnungen pro Stunde in den letzten 48 Stunden: insgesamt { $n }, mit einer Spitze
}
listen-spikes = Spitzen
listen-spike-all = { $n ->
    [one] Alle Erwähnungen: { $n } Erwähnung in der Stunde ab { $hour } (üblich: { $usual })
   *[other] Alle Erwähnungen: { $n } Erwähnungen in der Stunde ab { $hour } (üblich: { $usual })
}
listen-spike-theme = { $n ->
    [one] Thema „{ $theme }“: { $n } Erwähnung in der Stunde ab { $hour } (üblich: { $usual })
   *[other] Thema „{ $theme }“: { $n } Erwähnungen in der Stunde ab { $hour } (üblich: { $usual })
}
listen-filter-form = Erwähnungen filtern
listen-filter-channel = Kanal
listen-filter-source = Quelle
listen-filter-sentiment = Stimmung
listen-filter-intent = Absicht
listen-filter-theme = Thema
listen-filter-language = Sprache
listen-filter-any-channel = Alle
listen-filter-any-source = Alle
listen-filter-any-sentiment = Alle
listen-filter-any-intent = Alle
listen-filter-any-theme = Alle
listen-filter-language-hint = Ein Code wie en, de
listen-filter-apply = Filtern
listen-filter-clear = Filter zurücksetzen
listen-filter-not-number = muss eine Zahl sein
listen-empty = Keine passenden Erwähnungen. Quellen bringen sie herein.
listen-empty-setup = Quelle einrichten
listen-empty-import = Um eine Datei zu importieren, führen Sie aus:
listen-list = Erwähnungen, neueste zuerst
listen-more = Weitere Erwähnungen
listen-older = Ältere Erwähnungen
listen-top-themes = Wichtigste Themen
listen-no-themes = Noch keine Themen: Sie entstehen, sobald zwei oder mehr ähnliche Beschwerden oder Fragen eintreffen.
listen-spike = Spitze
listen-spiked-at = Spitze am { $when }
listen-mentions-word = { $n ->
    [one] Erwähnung
   *[other] Erwähnungen
}
listen-spark = { $n ->
    [one] { $n } Erwähnung in den letzten { $days } Tagen
   *[other] { $n } Erwähnungen in den letzten { $days } Tagen
}
listen-spark-spike = { $n ->
    [one] { $n } Erwähnung in den letzten { $days } Tagen, mit einer Spitze
   *[other] { $n } Erwähnungen in den letzten { $days } Tagen, mit einer Spitze
}

## Eine Erwähnung, im Strom und auf ihrer eigenen Seite.

listen-followers = { $n ->
    [one] { $reach } Follower
   *[other] { $reach } Follower
}
listen-likes = { $n ->
    [one] { $n } Like
   *[other] { $n } Likes
}
listen-boosts = { $n ->
    [one] { $n } Boost
   *[other] { $n } Boosts
}
listen-replies = { $n ->
    [one] { $n } Antwort
   *[other] { $n } Antworten
}
listen-signals = Signale
listen-chip-service = Service
listen-chip-abusive = beleidigend
listen-language = Sprache
listen-decided-none = kein Modell für diese Sprache: nur sprachunabhängige Signale
listen-decided-accurate = genaue Stufe (Encoder { $model })
listen-decided-pending = schnelle Stufe; die genaue Stufe liest sie in Kürze
listen-decided-fast = schnelle Stufe (lineares Modell)
listen-mention-title = Erwähnung von { $author }
listen-mention-heading = Erwähnung von { $author } auf { $channel }
listen-mention-source = Quelle { $source }
listen-view-original = Im Netzwerk ansehen
listen-signals-caption = Was die Analyse ergeben hat
listen-row-sentiment = Stimmung
listen-row-intent = Absicht
listen-row-service = Betrifft den Service
listen-row-toxicity = Toxizität
listen-row-phrases = Schlüsselbegriffe
listen-row-decided = Entschieden von
listen-row-why-negative = Wörter hinter „negativ“
listen-row-why-abusive = Wörter hinter „beleidigend“
listen-row-theme = Thema
listen-yes = ja
listen-no = nein
listen-toxicity-abusive = beleidigend
listen-toxicity-not-abusive = nicht beleidigend
listen-none-stood-out = keine fielen auf
listen-no-theme = noch keines
listen-reply-back = Antworten auf diese Erwähnung können über { $channel } zurückgehen.
listen-open-case = Fall eröffnen
listen-conversation = Unterhaltung
listen-conversation-empty = Von dieser Unterhaltung wurden keine weiteren Beiträge gesehen.

## Themen.

theme-list-title = Themen
theme-list-stream = Erwähnungsstrom
theme-list-intro = Ähnliche Beschwerden und Fragen aus allen Kanälen, gruppiert, sobald sie eintreffen.
theme-list-by-status = Themen nach Status filtern
theme-list-all = Alle
theme-list-sort = Themen sortieren
theme-sort-largest = Größte
theme-sort-recent = Neueste
theme-list-empty = Hier gibt es noch keine Themen.
theme-list-count = { $n ->
    [one] { $n } Thema
   *[other] { $n } Themen
}
theme-col-theme = Thema
theme-col-status = Status
theme-col-mentions = Erwähnungen
theme-col-reach = Reichweite
theme-col-negative = Negativ
theme-col-spark = { $n ->
    [one] Letzter Tag
   *[other] Letzte { $n } Tage
}
theme-col-last-seen = Zuletzt gesehen
theme-col-day = Tag
theme-page-title = Thema: { $label }
theme-merged = Dieses Thema wurde mit einem anderen zusammengeführt.
theme-merged-link = Zu Thema { $id }
theme-totals = Summen
theme-last-seen = zuletzt gesehen
theme-note = Notiz:
theme-chart = { $n ->
    [one] Erwähnungen pro Stunde in den letzten 7 Tagen: insgesamt { $n }
   *[other] Erwähnungen pro Stunde in den letzten 7 Tagen: insgesamt { $n }
}
theme-chart-spikes = { $n ->
    [one] Erwähnungen pro Stunde in den letzten 7 Tagen: insgesamt { $n }; Stunden mit Spitzen hervorgehoben
   *[other] Erwähnungen pro Stunde in den letzten 7 Tagen: insgesamt { $n }; Stunden mit Spitzen hervorgehoben
}
theme-chart-caption = Erwähnungen pro Stunde in den letzten 7 Tagen.
theme-chart-caption-spikes = Erwähnungen pro Stunde in den letzten 7 Tagen; Stunden mit Spitzen in Bernsteingelb.
theme-daily-table = Erwähnungen pro Tag (Tabelle)
theme-spike-line = { $n ->
    [one] { $when }: { $n } Erwähnung (üblich: { $usual })
   *[other] { $when }: { $n } Erwähnungen (üblich: { $usual })
}
theme-status-heading = Status
theme-status-label = Status
theme-note-label = Notiz für das Team
theme-status-save = Status speichern
theme-merge-heading = Zusammenführen
theme-merge-intro = Verschiebt alle Erwähnungen dieses Themas in ein anderes.
theme-merge-into = Zusammenführen mit
theme-merge-choose = Thema auswählen
theme-merge-submit = Zusammenführen
theme-samples = Neueste Erwähnungen
theme-split-legend = Wählen Sie Erwähnungen aus, die ein anderes Problem betreffen, und trennen Sie sie in ein neues Thema ab.
theme-mention-details = Details
theme-mention-details-of = Details zur Erwähnung von { $author }
theme-split-submit = Auswahl in ein neues Thema abtrennen
theme-status-set = { $status ->
    [new] Das Thema ist jetzt als neu markiert.
    [acknowledged] Das Thema ist jetzt bestätigt.
    [fixing] Das Thema ist jetzt in Arbeit.
   *[resolved] Das Thema ist jetzt behoben.
}
theme-merge-choose-first = Wählen Sie das Thema, mit dem zusammengeführt werden soll.
theme-merged-flash = { $n ->
    [one] Zusammengeführt: Dieses Thema hat jetzt { $n } Erwähnung.
   *[other] Zusammengeführt: Dieses Thema hat jetzt { $n } Erwähnungen.
}
theme-split-flash = { $n ->
    [one] { $n } Erwähnung wurde in dieses neue Thema abgetrennt.
   *[other] { $n } Erwähnungen wurden in dieses neue Thema abgetrennt.
}

## Quellen (Verwaltung).

source-list-title = Quellen
source-add-form = Eine Quelle hinzufügen
source-add-on = Quelle hinzufügen auf
source-add = Quelle hinzufügen
source-list-empty = Noch keine Quellen.
source-list-empty-other = Erwähnungen können auch ohne Quelle hereinkommen:
source-list-caption = { $n ->
    [one] { $n } Quelle und ihr Zustand
   *[other] { $n } Quellen und ihr Zustand
}
source-col-source = Quelle
source-col-query = Suchanfrage
source-col-state = Zustand
source-col-last-fetch = Letzter Abruf
source-col-counts = Gefunden / neu / ausgefiltert
source-col-lag = Verzögerung
source-col-actions = Aktionen
source-listening = Aktiv
source-paused = Pausiert
source-error = Fehler: { $error }
source-error-repeated = { $n ->
    [one] Fehler ({ $n }-mal in Folge): { $error }
   *[other] Fehler ({ $n }-mal in Folge): { $error }
}
source-never = nie
source-pause = Pausieren
source-resume = Fortsetzen
source-edit-title = Quelle { $name }
source-new-title = Neue Quelle für { $channel }
source-secret-once = Das Signaturgeheimnis dieser Quelle wird nur jetzt angezeigt.
source-secret-give = Geben Sie es dem Relay, das hierher sendet:
source-post-to = Senden Sie an diese Adresse:
source-sign-with = Signieren Sie jede Anfrage mit diesem Header:
source-signature-value = HMAC-SHA256 des Inhalts als Hex
source-relays-post = Relays senden an diese Adresse, signiert mit dem Geheimnis der Quelle:
source-status = Status
source-state = Zustand
source-last-fetch = Letzter Abruf
source-last-error = Letzter Fehler
source-none = keiner
source-items-seen = Gesehene Einträge
source-items-new = { $n ->
    [one] neu: { $n }
   *[other] neu: { $n }
}
source-lag = Verzögerung
source-name = Name
source-query = Suchanfrage
source-query-hint = Stichwörter mit AND, OR, NOT, "Phrasen in Anführungszeichen", #Hashtags und @Konten. Zum Beispiel:
source-server = Server
source-example = z. B. { $example }
source-stream = Hashtags live folgen (Streaming-API)
source-mentions = Jede Erwähnung des Kontos zum Token übernehmen
source-jetstream = Jetstream
source-appview = AppView (Profile)
source-pds = PDS (für Antworten)
source-handle = Antwortendes Handle
source-feed-url = Feed-Adresse
source-access-token = Zugriffstoken
source-app-password = App-Passwort
source-signing-secret = Signaturgeheimnis
source-secret-set = Ein Geheimnis ist gespeichert; lassen Sie das Feld leer, um es zu behalten.
source-secret-optional = Optional für öffentliches Monitoring; nötig zum Suchen, zum Lesen von Erwähnungen und zum Antworten.
source-poll = Sekunden zwischen Abrufen
source-poll-invalid = muss eine ganze Zahl von Sekunden sein
source-enabled = Aktiv (zum Pausieren abwählen)
source-save = Quelle speichern
source-create = Quelle anlegen
source-delete = Diese Quelle löschen
source-delete-note = Ihre Erwähnungen bleiben erhalten.
source-choose-channel = Kanal auswählen
source-created = Quelle „{ $name }“ angelegt.
source-saved = Quelle „{ $name }“ gespeichert.
source-resumed = Quelle „{ $name }“ fortgesetzt.
source-paused-flash = Quelle „{ $name }“ pausiert.
source-deleted = Quelle gelöscht; ihre Erwähnungen bleiben erhalten.
