# Messages of engagement refusals and conflicts, written by the service (see chorus_i18n::Text).

## engagement/mod.rs
err-engage-praise-target = Geben Sie entweder eine mention_id oder eine topic_id an.
err-engage-praise-taken = jemand hat sich bereits darum gekümmert; laden Sie die Liste neu
err-engage-praise-empty = Schreiben Sie zuerst etwas.
err-engage-too-long = Verwenden Sie höchstens { $max } Zeichen.
err-engage-praise-cannot-post = Chorus kann diese Erwähnung auf { $channel } nicht beantworten (sie kam ohne verbundenes Konto herein); bedanken Sie sich dort, wo sie veröffentlicht wurde
err-engage-invite-empty = Schreiben Sie, was das Programm bietet und wie man mitmacht.
err-engage-invite-again = { $name } wurde bereits eingeladen

## engagement/town_halls.rs
err-engage-event-no-time = Geben Sie Datum und Uhrzeit an.
err-engage-event-bad-time = { $value } ist weder eine Zeit wie 2026-12-10T15:00 (UTC) noch eine RFC-3339-Zeit
err-engage-event-title = Verwenden Sie 3 bis 150 Zeichen.
err-engage-event-order = Das Ende muss nach dem Beginn liegen.
err-engage-event-too-long = Eine Fragestunde dauert höchstens 7 Tage.
err-engage-event-hosts-max = Höchstens 10 Gastgeber.
err-engage-event-host-not-staff = Die Person mit der ID { $id } gehört nicht zum Team.
err-engage-event-ended-archive = diese Fragestunde ist vorbei; ihre Fragen sind jetzt ein Archiv
err-engage-event-question-short = Die Frage braucht mindestens 5 Zeichen.
err-engage-event-blocked = Diese Frage kann nicht veröffentlicht werden, weil sie Wörter enthält, die diese Community nicht erlaubt.
err-engage-event-ended = diese Fragestunde ist vorbei
err-engage-event-answer-empty = Schreiben Sie zuerst die Antwort.
err-engage-event-merged = diese Frage wurde mit einer anderen zusammengeführt; beantworten Sie die andere
err-engage-event-merge-into = Wählen Sie eine andere Frage dieser Fragestunde, die nicht selbst zusammengeführt wurde.
err-engage-event-visibility = { $value } muss visible oder hidden sein

## moderation/mod.rs
err-engage-mod-reason-missing = Geben Sie einen Grund an: Die Person und das öffentliche Protokoll sehen ihn.
err-engage-mod-settled = Dieser Eintrag wurde bereits erledigt ({ $resolution ->
        [approve] freigegeben
        [edit] bearbeitet und veröffentlicht
        [hide] ausgeblendet
        [delete] gelöscht
        [warn] Person verwarnt
        [silence] Person stummgeschaltet
        [suspend] Person gesperrt
        [resolved] erledigt
       *[other] { $resolution }
    }).
err-engage-mod-staff = Team-Konten werden von der Administration verwaltet, nicht über die Prüfliste.
err-engage-mod-days = Stummschalten ist für 1 bis 365 Tage möglich.
err-engage-mod-settled-first = Jemand anderes aus der Moderation hat diesen Eintrag zuerst erledigt.
err-engage-mod-flag-target = Melden Sie ein `topic` oder ein `reply`.
err-engage-mod-flag-note = Sagen Sie, was damit nicht stimmt.
err-engage-mod-own-post = Sie können Ihren eigenen Beitrag nicht melden; bearbeiten oder löschen Sie ihn stattdessen.

## moderation/settings.rs
err-engage-mod-filter-action = Wählen Sie eine Aktion.
err-engage-mod-filter-exists = Für { $pattern } gibt es bereits einen Filter.
