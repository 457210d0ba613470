# E-Mail: jede Nachricht, die der Hub versendet, in der Sprache des Empfängers (Warnungen,
# Übersichten und Eskalationen an Adressen ohne Mitgliedskonto: in der Sprache des Hubs).

mail-hello = Hallo { $name },
mail-hello-anonymous = Guten Tag,

## Passwort zurücksetzen und ändern

mail-reset-subject = Setzen Sie Ihr Passwort für { $hub } zurück
mail-reset-body =
    Jemand (hoffentlich Sie) hat darum gebeten, das Passwort Ihres Kontos bei { $hub } zurückzusetzen.
    Öffnen Sie diesen Link innerhalb von { $n ->
        [one] { $n } Minute
       *[other] { $n } Minuten
    }, um ein neues Passwort zu wählen:
mail-reset-ignore = Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.
mail-password-changed-subject = Ihr Passwort für { $hub } wurde geändert
mail-password-changed-body =
    Das Passwort Ihres Kontos bei { $hub } wurde soeben geändert, und alle Sitzungen wurden abgemeldet.
    Wenn Sie das nicht waren, setzen Sie Ihr Passwort sofort unter { $link } zurück.

## Die Frage eines Gasts

mail-guest-subject = Veröffentlichen Sie Ihre Frage bei { $hub }
mail-guest-body = Jemand (hoffentlich Sie) hat mit dieser Adresse eine Frage bei { $hub } gestellt. Öffnen Sie diesen Link innerhalb von { $n ->
        [one] { $n } Stunde
       *[other] { $n } Stunden
    }, um sie anzusehen und zu veröffentlichen:
mail-guest-ignore = Wenn Sie nichts gefragt haben, ignorieren Sie diese Nachricht: Es wird nichts veröffentlicht.

## Benachrichtigungen aus der Community

mail-notify-reply-own-subject = Neue Antwort auf „{ $title }“
mail-notify-reply-own = { $actor } hat auf Ihr Thema „{ $title }“ geantwortet.
mail-notify-reply-followed-subject = Neue Antwort in „{ $title }“
mail-notify-reply-followed = { $actor } hat in „{ $title }“ geantwortet, einem Thema, dem Sie folgen.
mail-notify-accepted-subject = Ihre Antwort wurde akzeptiert: „{ $title }“
mail-notify-accepted = { $actor } hat Ihre Antwort in „{ $title }“ akzeptiert. Danke für Ihre Hilfe!
mail-notify-status-subject = Neuer Status für „{ $title }“: { $status }
mail-notify-status = Die Idee „{ $title }“ hat jetzt den Status „{ $status }“.
mail-notify-footer = Sie erhalten diese E-Mail von { $hub }. Welche E-Mails Sie erhalten, wählen Sie hier: { $link }
mail-idea-status-open = Offen
mail-idea-status-under-review = In Prüfung
mail-idea-status-planned = Geplant
mail-idea-status-started = Begonnen
mail-idea-status-done = Umgesetzt
mail-idea-status-declined = Abgelehnt
mail-idea-status-duplicate = Duplikat

## Erinnerungen an Fragestunden

mail-town-hall-subject = Beginnt bald: { $title }
mail-town-hall-body = „{ $title }“ bei { $hub } beginnt am { $time }. Stellen Sie Fragen, stimmen Sie über Fragen ab und verfolgen Sie die Antworten live:
mail-town-hall-why = Sie erhalten diese Nachricht, weil Sie der Veranstaltung folgen; auf ihrer Seite können Sie das Folgen beenden.

## Einladungen zum Fürsprecher-Programm

mail-invite-subject = Eine Einladung von { $hub }
mail-invite-signature = — { $actor } für { $hub }

## Zufriedenheitsumfragen

mail-csat-subject = Wie zufrieden waren Sie? „{ $subject }“
mail-csat-body = Wir haben Ihre Anfrage „{ $subject }“ als gelöst markiert. Wie zufrieden sind Sie mit der Hilfe von { $hub }? Ein Klick und, wenn Sie möchten, ein Kommentar:
mail-csat-expiry = { $n ->
    [one] Der Link funktioniert einmal und { $n } Tag lang.
   *[other] Der Link funktioniert einmal und { $n } Tage lang.
}
mail-csat-reply = Schön, dass wir helfen konnten! Wie zufrieden waren Sie? Bewerten Sie uns von 1 bis 5: { $link }

## Abgeschaltete Webhooks

mail-webhook-off-subject = Webhook abgeschaltet: { $receiver }
mail-webhook-off-receiver = unbekannter Empfänger
mail-webhook-off-body =
    Der Webhook { $id } (Empfänger: { $receiver }) wurde abgeschaltet, weil { $n ->
        [one] { $n } Zustellung in Folge fehlgeschlagen ist
       *[other] { $n } Zustellungen in Folge fehlgeschlagen sind
    }.
    Sein Zustellprotokoll zeigt, was der Empfänger geantwortet hat: { $link }
mail-webhook-off-fix = Schalten Sie ihn wieder ein, sobald der Empfänger wieder funktioniert ({ $request } mit { $json }); stellen Sie dann das Verpasste aus dem Protokoll erneut zu.

## Die Berichtsübersicht

mail-digest-subject-daily = Tägliche Übersicht von { $hub }: { $mentions ->
        [one] { $mentions } Erwähnung
       *[other] { $mentions } Erwähnungen
    }, { $cases ->
        [one] { $cases } Fall
       *[other] { $cases } Fälle
    }
mail-digest-subject-weekly = Wöchentliche Übersicht von { $hub }: { $mentions ->
        [one] { $mentions } Erwähnung
       *[other] { $mentions } Erwähnungen
    }, { $cases ->
        [one] { $cases } Fall
       *[other] { $cases } Fälle
    }
mail-digest-preview = {"["}Vorschau] { $subject }
mail-digest-title = { $hub }: Was Kunden vom { $from } bis zum { $to } gesagt haben
mail-digest-mentions = Erwähnungen: { $mentions } (Reichweite { $reach })
mail-digest-sentiment = Stimmung: { $negative } negativ, { $neutral } neutral, { $positive } positiv
mail-digest-cases = Fälle: { $opened } eröffnet, Median bis zur ersten Antwort { $first }, Median bis zur Lösung { $resolution }, SLA eingehalten { $sla }
mail-digest-no-responses = noch keine Antworten
mail-digest-none-resolved = noch keiner gelöst
mail-digest-no-cases-due = noch keine Fälle fällig
mail-digest-minutes = { $value } Min.
mail-digest-hours = { $value } Std.
mail-digest-percent = { $value } %
mail-digest-community = Community: { $n ->
        [one] { $n } Thema
       *[other] { $n } Themen
    }, Antworten von Mitgliedern { $peer }
mail-digest-no-answers = noch keine Antworten von Mitgliedern
mail-digest-deflection = Selbsthilfequote: { $rate }
mail-digest-cost = Kosten pro Anliegen: { $cost }
mail-digest-money = { $amount } { $currency }
mail-digest-no-issues = noch keine Anliegen bearbeitet
mail-digest-themes = Wichtigste Themen:
mail-digest-theme = { $theme } — { $n ->
        [one] { $n } Erwähnung
       *[other] { $n } Erwähnungen
    } ({ $change })
mail-digest-theme-rising = { $theme } — { $n ->
        [one] { $n } Erwähnung
       *[other] { $n } Erwähnungen
    } ({ $change }), steigend
mail-digest-theme-new = neu
mail-digest-dashboard = Zum Dashboard: { $link }

## Eskalationen an den Helpdesk

mail-escalation-subject = {"["}{ $hub }] Fall #{ $id } eskaliert: { $subject }
mail-escalation-intro = { $actor } hat diesen Fall eskaliert.
mail-escalation-facts =
    Priorität: { $priority }
    Kunde: { $customer }
    Quelle: { $source }
    Adresse: { $link }
mail-transcript-title = Fall #{ $id } — { $subject }
mail-transcript-facts = Kanal: { $channel }  Priorität: { $priority }  Status: { $state }
mail-transcript-customer = Kunde
mail-priority-urgent = dringend
mail-priority-high = hoch
mail-priority-normal = mittel
mail-priority-low = niedrig
mail-case-state-new = neu
mail-case-state-open = offen
mail-case-state-pending = wartend
mail-case-state-resolved = gelöst
mail-case-state-closed = geschlossen

## Warnungen (an die Adressen und den Chat des Teams und ins Warnungsprotokoll)

mail-alert-spike-title = { $rule }: Anstieg – { $what }
mail-alert-spike-all = alle Erwähnungen
mail-alert-spike-theme = Thema „{ $theme }“
mail-alert-spike-body = { $what }: { $n ->
        [one] { $n } Erwähnung
       *[other] { $n } Erwähnungen
    } in der Stunde ab { $hour } UTC, { $ratio }× so viele wie der übliche Wert von etwa { $expected } für diese Tageszeit ({ $z } Standardabweichungen darüber).
mail-alert-spike-body-far = { $what }: { $n ->
        [one] { $n } Erwähnung
       *[other] { $n } Erwähnungen
    } in der Stunde ab { $hour } UTC, weit über dem üblichen Wert von etwa { $expected } für diese Tageszeit ({ $z } Standardabweichungen darüber).
mail-alert-spike-channels = Nach Kanal: { $channels }. Negativ: { $negative } von { $total }.
mail-alert-sla-title = { $rule }: Fall #{ $id } hat das Ziel für die { $target } verfehlt
mail-alert-sla-body = { $subject } (Priorität { $priority }, { $channel }, Team { $team })
mail-alert-sla-no-team = keines
mail-sla-target-first-response = erste Antwort
mail-sla-target-next-response = nächste Antwort
mail-sla-target-resolution = Lösung
mail-alert-mention-title = { $rule } — { $author } auf { $channel }
mail-alert-mention-body = { $author } ({ $n ->
        [one] { $n } Follower
       *[other] { $n } Follower
    }, Stimmung: { $sentiment }, Absicht: { $intent }):
mail-sentiment-negative = negativ
mail-sentiment-neutral = neutral
mail-sentiment-positive = positiv
mail-intent-complaint = Beschwerde
mail-intent-question = Frage
mail-intent-praise = Lob
mail-intent-idea = Idee
mail-intent-other = Sonstiges
