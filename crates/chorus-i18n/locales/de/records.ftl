# Datensätze, die der Hub auf Englisch speichert, in der Sprache der Leserin oder des Lesers.

## Why a case was opened
rec-opened-rule = Regel „{ $rule }“
rec-reason-complaint = Beschwerde zum Service
rec-reason-question = Frage zum Service
rec-reason-negative-addressed = negative Erwähnung, die an uns gerichtet ist
rec-reason-addressed = Erwähnung zum Service, die an uns gerichtet ist
rec-reason-high-reach = negative Erwähnung von jemandem mit großer Reichweite
rec-reason-unanswered = unbeantwortete Frage in der Community
rec-reason-strongly-negative = stark negative Beschwerde
rec-reason-manual = von Hand
rec-reason-incident = Störung
rec-reason-rule = Regel

## Priority explanations
rec-pe-incident = eine Störung: ein Thema, das gerade behoben wird
rec-pe-set = von { $who } auf { $level } gesetzt (vorher { $was }: { $before })
rec-pe-follow-up = durch eine Folgenachricht auf { $level } angehoben ({ $why }) · vorher { $was }: { $before }
rec-pe-factor = { $name } ×{ $weight } ({ $detail })
rec-pe-reach = Reichweite
rec-pe-negativity = Negativität
rec-pe-urgency = Dringlichkeit
rec-pe-history = Verlauf
rec-pe-score = Wert { $score } von 100 → { $level }
rec-pe-rule = Regel „{ $rule }“ setzt { $level }
rec-pe-moderation = durch die Moderation auf { $level } angehoben ({ $why })
rec-pe-followers = { $n ->
        [one] { $n } Follower
       *[other] { $n } Follower
    }
rec-pe-negative = negativ, Stärke { $strength }
rec-pe-first-case = erster Fall
rec-pe-earlier-cases = { $n ->
        [one] { $n } früherer Fall
       *[other] { $n } frühere Fälle
    }
rec-pe-urgent-words = { $intent }; schreibt { $words }

## Timeline entries
rec-ev-claimed = übernommen
rec-ev-unassigned = Zuweisung aufgehoben
rec-ev-assigned = { $who } zugewiesen
rec-ev-round-robin = reihum Benutzer { $user } zugewiesen
rec-ev-state = { $from } → { $to }
rec-ev-merged-into = mit Fall #{ $case } zusammengeführt
rec-ev-merged-from = Fall #{ $case } wurde hiermit zusammengeführt
rec-ev-priority = Priorität auf { $level } gesetzt
rec-ev-team = ins Team { $team } verschoben
rec-ev-team-removed = aus seinem Team genommen
rec-ev-sla-soon = ein SLA-Ziel ist bald fällig
rec-ev-sla-first-response = SLA für die erste Antwort verletzt
rec-ev-sla-next-response = SLA für die nächste Antwort verletzt
rec-ev-sla-resolution = SLA für die Lösung verletzt
rec-ev-closed-no-action = geschlossen: nichts zu tun
rec-ev-escalated = an { $to } eskaliert
rec-ev-escalated-note = an { $to } eskaliert: { $note }

## Moderation signals
rec-mod-filter-hold = Filter (zurückhalten): { $words }
rec-mod-filter-flag = Filter (melden): { $words }
rec-mod-filter-block = Filter (blockieren): { $words }
rec-mod-abusive = beleidigend (Toxizität { $toxicity }, anstößig { $offensive }, Hass { $hate })
rec-mod-spam-links = Spam: { $links } Links bei { $words } Wörtern
rec-mod-spam-duplicates = Spam: { $n ->
        [one] { $n } fast gleicher Beitrag
       *[other] { $n } fast gleiche Beiträge
    } wie dieser
rec-mod-spam-burst = Spam: neues Mitglied, { $n } Beiträge in 10 Minuten
rec-mod-flagged = gemeldet: { $reason }
rec-mod-flags = { $n ->
        [one] { $n } Meldung
       *[other] { $n } Meldungen
    }
rec-mod-silenced = { $n ->
        [one] { $n } Tag
       *[other] { $n } Tage
    }, bis { $until }

## Audit log
rec-audit-user-created = Konto angelegt
rec-audit-user-signed-up = registriert
rec-audit-user-identity-linked = Anmeldung verknüpft
rec-audit-user-password-reset = Passwort zurückgesetzt
rec-audit-user-role-changed = Rolle geändert
rec-audit-user-suspended = gesperrt
rec-audit-user-reinstated = wieder zugelassen
rec-audit-topic-deleted = Thema gelöscht
rec-audit-article-draft = Artikel zurück zum Entwurf
rec-audit-article-published = Artikel veröffentlicht
rec-audit-article-archived = Artikel archiviert
rec-audit-target-user = Benutzer
rec-audit-target-topic = Thema
rec-audit-target-article = Artikel

## What a moderator's action tells its author
rec-notice-action = { $action }: { $reason }
rec-notice-action-detail = { $action } ({ $detail }): { $reason }
rec-notice-unsilenced = Sie können wieder posten: { $reason }
rec-reason-reviewed = Geprüft: kann veröffentlicht werden.

## Text the hub writes into articles, topics and cases (in the hub's language)
gen-question = Frage
gen-answer = Antwort
gen-from-topic = Aus dem Community-Thema [{ $title }](/t/{ $id }), beantwortet von { $author }.
gen-from-case = Aus Fall #{ $id }.
gen-town-hall-intro = Fragen und Antworten aus der Fragestunde „{ $title }“ vom { $date }.
gen-answered-by = Beantwortet von { $name }.
gen-the-team = dem Team
gen-town-hall-title = { $title }: Fragen und Antworten
gen-praise-title = „{ $excerpt }“ — { $author } auf { $channel }
gen-praise-by = { $author } auf { $channel }
gen-original = Original
gen-praise-permission = Mit Erlaubnis der Person geteilt, die es geschrieben hat.
gen-incident-subject = Störung: { $theme }
gen-incident-body = Das Thema „{ $theme }“ wird gerade behoben; seine Erwähnungen werden hier gesammelt, statt für jede einen Fall zu eröffnen.
gen-incident-suggested = Antwortvorschlag: { $reply }
gen-incident-reply = Wir kennen das Problem mit { $theme } und arbeiten an einer Lösung. Wir melden uns hier, sobald es behoben ist.
gen-incident-reply-note = Wir kennen das Problem mit { $theme } und arbeiten an einer Lösung: { $note }
