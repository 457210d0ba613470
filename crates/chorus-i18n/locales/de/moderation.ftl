# Moderation: Prüfliste, Wortfilter, öffentliches Protokoll, Meldungen, Vertrauensstufen und Stummschaltungen.

mod-queue-title = Moderations-Prüfliste
mod-heading = Moderation
mod-filters-title = Wortfilter
mod-log-title = Moderationsprotokoll
mod-queue-views = Ansichten der Prüfliste
mod-queue-waiting = Offen
mod-queue-settled = Erledigt
mod-queue-intro = Zurückgehaltene und gemeldete Beiträge, die ältesten zuerst. Wütende Beschwerden werden veröffentlicht (und bevorzugt behandelt), nie zurückgehalten: Hier warten Beleidigungen, Spam, zurückgehaltene Wörter und was Mitglieder gemeldet haben. Beleidigender Text bleibt ausgeblendet, bis Sie ihn lesen möchten.
mod-queue-empty-open = Nichts offen. Gut gemacht.
mod-queue-empty-settled = Noch nichts erledigt.

# Warum ein Beitrag in der Prüfliste ist.
mod-reason-abuse = Beleidigende Sprache
mod-reason-filter = Treffer in einem Wortfilter
mod-reason-spam = Sieht nach Spam aus
mod-reason-flags = Von Mitgliedern gemeldet

# Wer den Beitrag jetzt sieht: zurückgehalten (wartet auf Prüfung) und ausgeblendet (entfernt) sind verschieden.
mod-visibility-visible = Sichtbar
mod-visibility-held = Zur Prüfung zurückgehalten
mod-visibility-hidden = Ausgeblendet

mod-item-topic-in = Thema in
mod-item-reply-in = Antwort in
mod-by = von
mod-queued = eingereiht
mod-deleted = gelöscht
mod-toxicity = Toxizität { $score }
mod-signals = Signale:
mod-flags-count = { $n ->
    [one] Meldung ({ $n }):
   *[other] Meldungen ({ $n }):
}
mod-flag-reason-spam = Spam
mod-flag-reason-abuse = Beleidigung
mod-flag-reason-off-topic = Themenfremd
mod-flag-reason-other = Etwas anderes
mod-flag-line = { $reason } – { $by }
mod-flag-line-note = { $reason } – { $by }: „{ $note }“

mod-author-record = Verlauf der Person:
mod-record-none = Noch keine Beiträge.
mod-record-clean = { $n ->
    [one] Konstruktiv: { $n } Beitrag, keiner beleidigend.
   *[other] Konstruktiv: { $n } Beiträge, keiner beleidigend.
}
mod-record-few = { $n ->
    [one] Zu wenige Beiträge für ein Muster: { $abusive } von { $n } beleidigend. Lesen Sie den Beitrag selbst.
   *[other] Zu wenige Beiträge für ein Muster: { $abusive } von { $n } beleidigend. Lesen Sie den Beitrag selbst.
}
mod-record-mostly = { $n ->
    [one] Überwiegend konstruktiv: { $share } % beleidigende Beiträge ({ $abusive } von { $n }) – vermutlich ein frustrierter Kunde.
   *[other] Überwiegend konstruktiv: { $share } % beleidigende Beiträge ({ $abusive } von { $n }) – vermutlich ein frustrierter Kunde.
}
mod-record-often = { $n ->
    [one] Häufig beleidigend: { $abusive } von { $n } Beitrag ({ $share } %), { $actions } – als Muster behandeln, nicht als Einzelfall.
   *[other] Häufig beleidigend: { $abusive } von { $n } Beiträgen ({ $share } %), { $actions } – als Muster behandeln, nicht als Einzelfall.
}
mod-record-upheld = { $n ->
    [one] { $n } bestätigte Moderationsmaßnahme
   *[other] { $n } bestätigte Moderationsmaßnahmen
}
mod-history-caption = Beiträge von { $name } pro Monat, konstruktiv und beleidigend
mod-col-month = Monat
mod-col-constructive = Konstruktiv
mod-col-abusive = Beleidigend
mod-settled-as = Erledigt: { $action }

# Das Aktionsformular.
mod-action-legend-topic = Aktion für dieses Thema
mod-action-legend-reply = Aktion für diese Antwort
mod-action-approve = Freigeben
mod-action-edit = Bearbeiten und veröffentlichen
mod-action-hide = Ausblenden
mod-action-delete = Löschen
mod-action-warn = Person verwarnen
mod-action-silence = Person stummschalten
mod-action-suspend = Person sperren
mod-field-reason = Grund (sichtbar für die Person und im öffentlichen Protokoll)
mod-field-days = Tage der Stummschaltung (für „Person stummschalten“)
mod-edit-text = Text bearbeiten (für „Bearbeiten und veröffentlichen“)
mod-field-new-text = Neuer Text
mod-apply = Aktion anwenden
mod-apply-which = (Eintrag { $id })

# Wortfilter.
mod-back-to-queue = Zurück zur Prüfliste
mod-filters-intro = Filter erfassen ganze Wörter, nachdem Groß- und Kleinschreibung, Akzente, Ziffern und Zeichen, die wie Buchstaben aussehen („sh1t“), gedehnte Buchstaben („stuuupid“) und gesperrt geschriebene Buchstaben („f u c k“) vereinheitlicht wurden – nie einen Teil eines längeren Wortes, daher kommen „Scunthorpe“, „classic“ und „smartwatch“ durch.
mod-filters-wildcard-start = Ein Wort mit
mod-filters-wildcard-middle = am Ende erfasst auch seine Endungen
mod-filters-wildcard-example = erfasst „idiots“
mod-filters-empty = Noch keine Filter.
mod-col-words = Wörter
mod-col-action = Aktion
mod-col-replacement = Ersetzung
mod-col-remove = Entfernen
mod-filter-remove = Entfernen
mod-filter-remove-which = (Filter { $pattern })
mod-filter-add-heading = Filter hinzufügen
mod-field-pattern = Wort oder Wortgruppe
mod-field-pattern-hint = Bis zu acht Wörter; * am Anfang oder Ende eines Wortes.
mod-field-filter-action = Was bei einem Treffer passiert
mod-field-replacement = Ersetzung (für Ersetzen)
mod-filter-action-block = Blockieren
mod-filter-action-hold = Zur Prüfung zurückhalten
mod-filter-action-replace = Ersetzen
mod-filter-action-flag = Zur Prüfung markieren
mod-filter-add = Filter anlegen
mod-filter-try-heading = Einen Text ausprobieren
mod-field-sample = Zu prüfender Text
mod-filter-check = Prüfen
mod-filter-no-match = Kein Filter passt.
mod-filter-hit = „{ $text }“ passt zu
mod-filter-after = Nach der Ersetzung: { $text }

# Das öffentliche Protokoll.
mod-log-intro = Jede Moderationsmaßnahme in dieser Community, die neueste zuerst, mit ihrem Grund.
mod-log-intro-staff = Sie sehen, wer gehandelt hat, weil Sie zum Team gehören; Mitglieder sehen das nicht.
mod-log-intro-public = Die Moderation handelt im Namen der Community, deshalb werden keine Namen angezeigt.
mod-log-empty = Noch keine Moderationsmaßnahmen.
mod-log-caption = Moderationsmaßnahmen
mod-col-log-action = Aktion
mod-col-when = Wann
mod-col-reason = Grund
mod-col-member = Mitglied
mod-col-post = Beitrag
mod-col-by = Von
mod-col-evidence = Belege
mod-log-automatic = (automatisch)
mod-log-by-chorus = Chorus
mod-log-older = Ältere Maßnahmen
mod-log-reply = Antwort #{ $id }
mod-log-action-held = zurückgehalten
mod-log-action-hidden = nach Meldungen ausgeblendet
mod-log-action-approve = freigegeben
mod-log-action-edit = bearbeitet und veröffentlicht
mod-log-action-hide = ausgeblendet
mod-log-action-delete = gelöscht
mod-log-action-warn = verwarnt
mod-log-action-silence = stummgeschaltet
mod-log-action-suspend = gesperrt
mod-log-action-filter-added = Filter hinzugefügt
mod-log-action-trust-level = Vertrauensstufe
mod-log-action-unsilence = Stummschaltung aufgehoben

# Vertrauensstufen.
mod-trust-new = Neues Mitglied
mod-trust-basic = Einsteiger
mod-trust-member = Stammmitglied
mod-trust-trusted = Vertrauenswürdig

# Meldungen nach einer Aktion.
mod-flash-flag-again = Sie hatten das bereits gemeldet; die Moderation hat es vorliegen.
mod-flash-flag-hidden = Danke. Es bleibt ausgeblendet, bis die Moderation es gelesen hat.
mod-flash-flag-thanks = Danke. Die Moderation sieht es sich an.
mod-flash-choose-action = Wählen Sie eine Aktion für diesen Eintrag und wenden Sie sie dann an.
mod-flash-days-number = Geben Sie eine Anzahl von Tagen ein.
mod-flash-done = { $action }: erledigt, protokolliert und die Person benachrichtigt.
mod-flash-done-plain = Erledigt, protokolliert und die Person benachrichtigt.
mod-flash-filter-added = Filter hinzugefügt: { $pattern } ({ $action }).
mod-flash-filter-removed = Filter entfernt.
mod-flash-trust-set = Vertrauensstufe auf { $level } gesetzt.
mod-flash-unsilenced = Das Mitglied kann wieder posten.
mod-title-masked = dem Thema (der Titel ist mit dem Text ausgeblendet)
mod-signals-masked = Auch die gefundenen Wörter sind ausgeblendet.
