# Messages of cases refusals and conflicts, written by the service (see chorus_i18n::Text).

## triage/mod.rs
err-cases-incident-one-by-one = ein Vorfall beantwortet seine Kunden einzeln
err-cases-channel-cannot-reply = auf Nachrichten über { $channel } kann nicht über ihren Kanal geantwortet werden; antworten Sie dort, wo der Kunde gepostet hat, und fügen Sie hier eine Notiz hinzu
err-cases-no-account = diese Nachricht kam ohne verbundenes { $channel }-Konto herein (über einen Import oder die API), daher kann Chorus dort nicht darauf antworten; antworten Sie dort, wo der Kunde gepostet hat, und fügen Sie hier eine Notiz hinzu
err-cases-assignee-filter = muss me, none oder eine Benutzer-ID sein
err-cases-unknown-view = unbekannte Ansicht { $value }: erwartet wird breaching
err-cases-unknown-sort = unbekannte Sortierung { $value }: erwartet wird newest oder urgency
err-cases-held-by = { $name } bearbeitet diesen Fall bereits
err-cases-held-by-user = Benutzer { $id } bearbeitet diesen Fall bereits
err-cases-held-by-other = { $name } bearbeitet diesen Fall; bitten Sie diese Person oder eine Leitungsperson, ihn weiterzugeben
err-cases-held-by-colleague = jemand aus dem Team bearbeitet diesen Fall; bitten Sie diese Person oder eine Leitungsperson, ihn weiterzugeben
err-cases-no-staff = diesen Mitarbeiter gibt es nicht
err-cases-no-team = dieses Team gibt es nicht
err-cases-merge-self = ein Fall kann nicht mit sich selbst zusammengeführt werden
err-cases-merge-closed = geschlossene Fälle können nicht zusammengeführt werden; öffnen Sie sie zuerst wieder
err-cases-merge-incident = Vorfälle werden nicht zusammengeführt: Eine Antwort aus einem Vorfall geht an jeden seiner Kunden; schließen Sie stattdessen den anderen Fall
err-cases-cases-changed = die Fälle wurden inzwischen geändert; laden Sie die Seite neu und versuchen Sie es noch einmal
err-cases-state-move = ein Fall im Status { $from ->
        [new] Neu
        [open] Offen
        [pending] Wartend
        [resolved] Gelöst
        [closed] Geschlossen
       *[other] { $from }
    } kann nicht in den Status { $to ->
        [new] Neu
        [open] Offen
        [pending] Wartend
        [resolved] Gelöst
        [closed] Geschlossen
       *[other] { $to }
    } wechseln
err-cases-case-changed = der Fall wurde inzwischen geändert; laden Sie die Seite neu und versuchen Sie es noch einmal

## triage/reply.rs
err-cases-body-empty = schreiben Sie zuerst etwas
err-cases-too-long = höchstens { $max } Zeichen
err-cases-closed = dieser Fall ist geschlossen; eröffnen Sie einen neuen, um wieder zu schreiben
err-cases-incident-unreachable = keinem der Kunden dieses Vorfalls kann über seinen Kanal geantwortet werden (Kunden auf Kanälen, auf denen Chorus nicht antworten kann: { $n }); antworten Sie ihnen dort, wo sie gepostet haben, und fügen Sie hier eine Notiz hinzu
err-cases-no-escalation = es ist kein Eskalationsziel eingerichtet (triage.escalation_webhook_url oder triage.escalation_email)

## triage/bulk.rs
err-cases-merge-into = wählen Sie den Fall, in den zusammengeführt wird
err-cases-unknown-action = unbekannte Aktion { $value }: erwartet wird assign, team, close oder merge
err-cases-choose-cases = wählen Sie mindestens einen Fall
err-cases-bulk-max = höchstens { $max } Fälle auf einmal
err-cases-already-closed = bereits geschlossen

## triage/customers.rs
err-cases-handle = geben Sie den Benutzernamen so an, wie er auf diesem Kanal erscheint

## triage/setup.rs
err-cases-name-empty = geben Sie einen Namen an
err-cases-team-exists = ein Team mit diesem Namen gibt es bereits
err-cases-capacity = muss zwischen 1 und 1000 liegen
err-cases-no-such-team = es gibt kein Team { $id }
err-cases-rule-team = wählen Sie das Team, an das diese Regel weiterleitet
err-cases-tags = höchstens 10 Schlagwörter mit je 40 Zeichen

## triage/csat.rs
err-cases-csat-score = Wählen Sie von 1 (sehr unzufrieden) bis 5 (sehr zufrieden).
err-cases-csat-comment = Verwenden Sie höchstens 2.000 Zeichen.
err-cases-csat-answered = diese Umfrage wurde bereits beantwortet; vielen Dank
err-cases-csat-expired = dieser Umfragelink ist abgelaufen

## triage/worker/mod.rs
err-cases-triage-busy = eine andere Instanz führt gerade die Triage auf dieser Datenbank aus; beenden Sie sie oder lassen Sie sie fertig werden

## triage/worker/placing.rs
err-cases-incident-vanished = der Fall des Vorfalls ist verschwunden
