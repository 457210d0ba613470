# Fälle: der Posteingang, die Seite eines Falls und die Einrichtung der Triage (Teams, Routing-Regeln, Textbausteine, Benachrichtigungen).

## Posteingang

cases-inbox = Posteingang
cases-active-counts = Aktive Fälle
cases-count-mine = { $n ->
    [one] bei mir
   *[other] bei mir
}
cases-count-unassigned = { $n ->
    [one] nicht zugewiesen
   *[other] nicht zugewiesen
}
cases-count-all = { $n ->
    [one] aktiv insgesamt
   *[other] aktiv insgesamt
}
cases-views = Ansichten der Fälle
cases-view-mine = Meine Fälle
cases-view-unassigned = Nicht zugewiesen
cases-view-breaching = Frist läuft bald ab
cases-view-all = Alle aktiven
cases-team-queue = Warteschlange des Teams
cases-all-teams = Alle Teams
cases-state = Status
cases-show-queue = Warteschlange anzeigen
cases-empty-view = Keine Fälle in dieser Ansicht.
cases-older = Ältere Fälle
cases-bulk = Die markierten Fälle ändern
cases-bulk-action = Mit den markierten Fällen
cases-bulk-choose = Aktion auswählen
cases-bulk-assign = Zuweisen an
cases-bulk-team = In ein Team verschieben
cases-bulk-close = Schließen: keine Aktion nötig
cases-bulk-merge = Zusammenführen mit Fall
cases-bulk-staff = Mitarbeiter
cases-bulk-nobody = Niemand (Zuweisung aufheben)
cases-bulk-team-label = Team
cases-bulk-no-team = Kein Team
cases-bulk-into = Nummer des Falls, in den zusammengeführt wird
cases-bulk-apply = Auf die markierten Fälle anwenden
cases-bulk-done = { $n ->
    [one] { $n } Fall geändert.
   *[other] { $n } Fälle geändert.
}
cases-bulk-failed = Fall #{ $id }: { $why }.
cases-bulk-none-ticked = Markieren Sie mindestens einen Fall und wählen Sie dann, was mit den markierten Fällen geschehen soll.
cases-bulk-no-action = Wählen Sie, was mit den markierten Fällen geschehen soll.
cases-tick = Fall #{ $id } markieren

## Ein Fall in Listen und auf seiner Seite

cases-case-title = Fall #{ $id }: { $subject }
cases-opened = eröffnet
cases-team = Team { $team }
cases-unassigned = nicht zugewiesen
cases-held-by = bearbeitet von { $name }
cases-score-title = Prioritätswert { $score } von 100
cases-why-priority = Warum Priorität { $priority } (Wert { $score })
cases-escalated-to = Eskaliert an { $to }
cases-sla-clocks = SLA-Fristen
cases-clock-first-response = Erste Antwort
cases-clock-next-response = Nächste Antwort
cases-clock-resolution = Lösung
cases-clock-label = { $clock }:
cases-clock-status = { $status ->
    [met] eingehalten, fällig
    [breached] verletzt, fällig
    [overdue] überfällig, fällig
    [soon] läuft bald ab, fällig
   *[running] läuft, fällig
}

cases-state-active = Aktiv
cases-state-new = Neu
cases-state-open = Offen
cases-state-pending = Wartend
cases-state-resolved = Gelöst
cases-state-closed = Geschlossen

cases-priority-urgent = Dringend
cases-priority-high = Hoch
cases-priority-normal = Normal
cases-priority-low = Niedrig

cases-channel-community = Community
cases-channel-mastodon = Mastodon
cases-channel-bluesky = Bluesky
cases-channel-feed = Newsfeed
cases-channel-webhook = Webhook
cases-channel-email = E-Mail
cases-channel-import = Importiert
cases-channel-incident = Vorfall

cases-sentiment-negative = negativ
cases-sentiment-neutral = neutral
cases-sentiment-positive = positiv
cases-intent-complaint = Beschwerde
cases-intent-question = Frage
cases-intent-praise = Lob
cases-intent-idea = Idee
cases-intent-other = Sonstiges

## Die Seite eines Falls

cases-customer-named = Kunde { $name }
cases-customer-unnamed = Kunde
cases-original-message = Ursprüngliche Nachricht
cases-sla = Servicefristen (SLA)
cases-sla-none = Es gelten keine SLA-Ziele.
cases-csat = Kundenzufriedenheit:
cases-csat-score = { $score } von 5
cases-csat-score-comment = { $score } von 5: „{ $comment }“
cases-csat-sent = Umfrage gesendet ({ $via }), noch nicht beantwortet
cases-csat-sending = Umfrage wird gesendet
cases-conversation = Unterhaltung
cases-started-here = Dieser Fall begann hier:
cases-followers = { $n ->
    [one] Follower
   *[other] Follower
}
cases-signals = Signale
cases-service-related = Service

cases-timeline = Verlauf
cases-timeline-empty = Bei diesem Fall ist noch nichts passiert.
cases-event-customer = Kundennachricht
cases-event-reply = Antwort
cases-event-note = Notiz
cases-event-assign = Zuweisung
cases-event-state = Statuswechsel
cases-event-priority = Prioritätswechsel
cases-event-team = Teamwechsel
cases-event-escalate = Eskalation
cases-event-sla = SLA-Warnung
cases-delivery = { $state ->
    [queued] Zustellung in der Warteschlange
    [retrying] Zustellung wird wiederholt
    [sent] Zustellung gesendet
    [failed] Zustellung fehlgeschlagen
   *[other] Zustellung: { $state }
}
cases-delivery-attempts = { $n ->
    [one] nach { $n } Versuch
   *[other] nach { $n } Versuchen
}
cases-delivery-link = Veröffentlichte Antwort ansehen
cases-fanout-to = { $n ->
    [one] an { $n } Kunden:
   *[other] an { $n } Kunden:
}
cases-fanout-sent = { $n ->
    [one] { $n } gesendet
   *[other] { $n } gesendet
}
cases-fanout-waiting = { $n ->
    [one] { $n } unterwegs
   *[other] { $n } unterwegs
}
cases-fanout-failed = { $n ->
    [one] { $n } fehlgeschlagen
   *[other] { $n } fehlgeschlagen
}

cases-reply-everyone = Allen Betroffenen antworten
cases-incident-reach = { $n ->
    [one] Die Antwort geht an den einen Kunden dieses Vorfalls, dem geantwortet werden kann, über den Kanal, auf dem er geschrieben hat, als Antwort auf seine letzte Nachricht.
   *[other] Die Antwort geht an jeden der { $n } Kunden dieses Vorfalls, denen geantwortet werden kann, jeweils über den Kanal, auf dem sie geschrieben haben, als Antwort auf ihre letzte Nachricht.
}
cases-incident-unreachable = { $n ->
    [one] { $n } Kunde hat dort geschrieben, wo Chorus nicht antworten kann: Antworten Sie dort, wo er gepostet hat.
   *[other] { $n } Kunden haben dort geschrieben, wo Chorus nicht antworten kann: Antworten Sie ihnen dort, wo sie gepostet haben.
}
cases-reply-through = Über { $channel } antworten
cases-canned = Textbaustein
cases-canned-choose = Textbaustein auswählen
cases-canned-insert = In die Antwort einfügen
cases-reply-label = Ihre Antwort
cases-reply-send = Antwort senden

cases-no-reply-heading = Antworten
cases-no-reply-feed = Dieser Fall stammt aus einem Newsfeed (RSS, Atom oder JSON Feed): Chorus liest Feeds, kann dort aber nicht antworten.
cases-no-reply-webhook = Dieser Fall kam über ein Webhook-Relay herein: Chorus empfängt diese Nachrichten, kann auf diesem Kanal aber nicht antworten.
cases-no-reply-import = Dieser Fall stammt aus importierten Nachrichten: Chorus kann auf dem Kanal, aus dem sie importiert wurden, nicht antworten.
cases-no-reply-channel = Auf Nachrichten über { $channel } kann Chorus nicht antworten.
cases-no-reply-account = Diese Nachricht kam ohne verbundenes { $channel }-Konto herein (über einen Import oder die API), daher kann Chorus dort nicht darauf antworten.
cases-no-reply-instead = Antworten Sie dem Kunden dort, wo er gepostet hat, und fügen Sie hier danach eine interne Notiz hinzu, damit Ihre Kollegen Bescheid wissen.
cases-no-reply-incident = { $n ->
    [one] Dem Kunden dieses Vorfalls kann Chorus nicht antworten: Er hat auf einem Kanal geschrieben, auf dem Chorus nicht posten kann, oder seine Nachricht kam ohne verbundenes Konto herein (über einen Import oder die API).
   *[other] Keinem der { $n } Kunden dieses Vorfalls kann Chorus antworten: Sie haben auf einem Kanal geschrieben, auf dem Chorus nicht posten kann, oder ihre Nachrichten kamen ohne verbundenes Konto herein (über einen Import oder die API).
}
cases-no-reply-incident-instead = Antworten Sie ihnen dort, wo sie gepostet haben, und fügen Sie hier danach eine interne Notiz hinzu.
cases-no-reply-incident-one-by-one = Ein Vorfall beantwortet seine Kunden einzeln.
cases-answer-at-source = An der Quelle antworten

cases-note = Interne Notiz
cases-note-label = Notiz für Kollegen (@Name benachrichtigt sie)
cases-note-add = Notiz hinzufügen

cases-aside = Aktionen und Kunde des Falls
cases-work = Bearbeitung
cases-claim = Diesen Fall übernehmen
cases-assignee = Bearbeiter
cases-assignee-nobody = Niemand
cases-assign = Bearbeiter ändern
cases-move-to = Verschieben nach
cases-move-to-choose = Status auswählen
cases-change-state = Status ändern
cases-priority = Priorität
cases-set-priority = Priorität festlegen
cases-escalate-note = Notiz zur Eskalation
cases-escalate = An den Helpdesk eskalieren
cases-promote = In einen Wissensdatenbank-Artikel umwandeln

cases-customer-heading = Kunde { $name }
cases-identity = { $channel }: { $handle }
cases-link-hint = Dieselbe Person anderswo? Verknüpfen Sie das Konto, um alles zusammen zu sehen.
cases-link-channel = Kanal
cases-link-channel-choose = Kanal auswählen
cases-link-handle = Benutzername
cases-link-submit = Benutzernamen verknüpfen
cases-other-cases = Weitere Fälle
cases-none = Keine.
cases-recent-messages = Letzte Nachrichten
cases-none-seen = Keine gesehen.
cases-record-constructive = Konstruktiv:
cases-record-none-abusive = { $n ->
    [one] die letzte Nachricht war nicht beleidigend.
   *[other] keine der letzten { $n } Nachrichten war beleidigend.
}
cases-record-abusive = { $n ->
    [one] Die letzte Nachricht war beleidigend.
   *[other] { $abusive } der letzten { $n } Nachrichten waren beleidigend.
}
cases-abusive = beleidigend
cases-abusive-open = (ausgeblendet: zum Lesen öffnen)

## Was erledigt wurde (Meldungen nach einem Formular)

cases-flash-claimed = Sie bearbeiten diesen Fall jetzt.
cases-flash-unassigned = Der Fall ist niemandem mehr zugewiesen.
cases-flash-assigned = { $name } zugewiesen.
cases-flash-state = { $state ->
    [new] Der Fall ist jetzt neu.
    [open] Der Fall ist jetzt offen.
    [pending] Der Fall wartet jetzt.
    [resolved] Der Fall ist jetzt gelöst.
    [closed] Der Fall ist jetzt geschlossen.
   *[other] Der Fall hat jetzt den Status { $state }.
}
cases-flash-priority = { $priority ->
    [urgent] Priorität auf dringend gesetzt.
    [high] Priorität auf hoch gesetzt.
    [normal] Priorität auf normal gesetzt.
    [low] Priorität auf niedrig gesetzt.
   *[other] Priorität auf { $priority } gesetzt.
}
cases-flash-reply-queued = { $n ->
    [one] Antwort eingereiht; ihr Zustellstatus erscheint im Verlauf.
   *[other] Antwort für { $n } Kunden eingereiht; ihre Zustellungen erscheinen im Verlauf.
}
cases-flash-note-added = Notiz hinzugefügt.
cases-flash-note-notified = { $n ->
    [one] Notiz hinzugefügt; benachrichtigt: { $names }.
   *[other] Notiz hinzugefügt; benachrichtigt: { $names }.
}
cases-flash-escalated = Eskaliert an { $to }.
cases-flash-no-customer = Dieser Fall hat keinen Kunden, der verknüpft werden könnte.
cases-flash-linked = { $n ->
    [one] Verknüpft: Dieser Kunde ist auf { $n } Kanal bekannt.
   *[other] Verknüpft: Dieser Kunde ist auf { $n } Kanälen bekannt.
}
cases-flash-opened = Diese Erwähnung ist jetzt ein Fall.

## Einrichtung der Triage

triage-title = Teams, Regeln und Benachrichtigungen
triage-managers-only = Nur Community-Manager ändern diese Einstellungen.
triage-teams = Teams
triage-round-robin = reihum
triage-manual = manuelle Zuweisung
triage-no-members = Noch keine Mitglieder.
triage-members-of = Mitglieder von { $team }
triage-member = Mitglied
triage-active-cases = Aktive Fälle
triage-capacity = Kapazität
triage-available = Verfügbar
triage-yes = ja
triage-no = nein
triage-staff-member = Mitarbeiter
triage-staff-member-choose = Mitarbeiter auswählen
triage-save-member = Mitglied speichern
triage-new-team = Neues Team
triage-assign-round-robin = Reihum zuweisen
triage-create-team = Team anlegen
triage-no-team = kein Team

triage-rules = Routing-Regeln
triage-rules-help = Die erste passende Regel leitet einen Fall weiter. Eine Erwähnung, die zu einer Regel passt, eröffnet auch dann einen Fall, wenn die Standardkriterien (Beschwerden und Fragen zum Service, negative Beiträge von Autoren mit großer Reichweite) es nicht täten. Listen werden durch Kommas getrennt; eine leere Liste passt auf alles.
triage-no-rules = Noch keine Regeln.
triage-delete = Löschen
triage-delete-rule = Regel { $name }
triage-delete-canned = Textbaustein { $name }
triage-delete-alert = Benachrichtigungsregel { $name }
triage-new-rule = Neue Routing-Regel
triage-name = Name
triage-team = Team
triage-keywords = Stichwörter
triage-channels = Kanäle
triage-channels-example = z. B. mastodon, bluesky
triage-intents = Absichten
triage-intents-example = z. B. complaint, question
triage-sentiments = Stimmungen
triage-sentiments-example = z. B. negative
triage-languages = Sprachen
triage-languages-example = z. B. de, en
triage-themes = Themen-IDs
triage-min-followers = Mindestzahl an Followern
triage-priority = Priorität
triage-priority-from-score = Nach dem Wert
triage-tags = Schlagwörter
triage-add-rule = Routing-Regel hinzufügen
triage-match-keywords = Stichwörter: { $list }
triage-match-channels = Kanäle: { $list }
triage-match-intents = Absichten: { $list }
triage-match-sentiments = Stimmungen: { $list }
triage-match-languages = Sprachen: { $list }
triage-match-themes = Themen: { $list }
triage-match-followers = { $n ->
    [one] mindestens { $reach } Follower
   *[other] mindestens { $reach } Follower
}
triage-match-spikes = bei Spitzen
triage-match-sla = bei SLA-Verletzungen
triage-match-everything = alles

triage-canned = Textbausteine
triage-none-yet = Noch keine.
triage-new-canned = Neuer Textbaustein
triage-canned-title = Titel
triage-canned-body = Text (verlinken Sie hier Artikel der Wissensdatenbank)
triage-add-canned = Textbaustein hinzufügen

triage-alerts = Benachrichtigungsregeln
triage-alerts-managers = Benachrichtigungsregeln sehen nur Community-Manager.
triage-new-alert = Neue Benachrichtigungsregel
triage-on-spikes = Bei Spitzen eines Themas
triage-on-sla = Bei SLA-Verletzungen
triage-email-to = E-Mail an
triage-webhook = Webhook-URL (Slack-kompatibel)
triage-add-alert = Benachrichtigungsregel hinzufügen
triage-action-email = E-Mail an { $to }
triage-action-webhook = Webhook { $url }
triage-alert-log = Benachrichtigungsprotokoll
triage-no-alerts = Noch keine Benachrichtigungen.
triage-latest-alerts = Letzte Benachrichtigungen
triage-when = Wann
triage-rule = Regel
triage-status = Status
triage-alert = Benachrichtigung
triage-alert-status-sent = gesendet
triage-alert-status-suppressed = unterdrückt

triage-flash-team-created = Team { $name } angelegt.
triage-flash-choose-member = Wählen Sie einen Mitarbeiter aus.
triage-flash-capacity-number = Die Kapazität muss eine ganze Zahl von Fällen sein.
triage-flash-member-saved = Teammitglied gespeichert.
triage-flash-rule-added = Routing-Regel „{ $name }“ hinzugefügt.
triage-flash-rule-deleted = Routing-Regel gelöscht.
triage-flash-canned-added = Textbaustein „{ $name }“ hinzugefügt.
triage-flash-canned-deleted = Textbaustein gelöscht.
triage-flash-alert-added = Benachrichtigungsregel „{ $name }“ hinzugefügt.
triage-flash-alert-deleted = Benachrichtigungsregel gelöscht.
cases-bulk-choose-assignee = Wählen Sie, wer die markierten Fälle erhält (oder „Niemand“, um die Zuweisung aufzuheben).
cases-bulk-choose-team = Wählen Sie das Team für die markierten Fälle (oder „Kein Team“).
