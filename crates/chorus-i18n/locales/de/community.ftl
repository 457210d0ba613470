# community: Themenlisten, Themenseiten, Antworten, Reaktionen, Status von Ideen und Bearbeitungsverläufe.

## Themenarten und Status von Ideen

community-kind-question = Frage
community-kind-problem = Problem
community-kind-idea = Idee
community-kind-praise = Lob
community-status-open = Offen
community-status-under-review = In Prüfung
community-status-planned = Geplant
community-status-started = Begonnen
community-status-done = Erledigt
community-status-declined = Abgelehnt
community-status-duplicate = Duplikat

## Listen

community-heading-latest = Neueste Themen
community-heading-top = Beliebteste Themen
community-heading-unanswered = Unbeantwortete Fragen und Probleme
community-heading-kind-question = Fragen
community-heading-kind-problem = Probleme
community-heading-kind-idea = Ideen
community-heading-kind-praise = Lob
community-heading-tagged = { $list } mit dem Schlagwort „{ $tag }“
community-sort-latest = Neueste
community-sort-top = Beliebteste
community-sort-unanswered = Unbeantwortet
community-kind-all = Alle Themen
community-status-any = Beliebiger Status
community-new-topic = Neues Thema
community-sort-nav = Themen sortieren
community-kind-nav = Nach Art filtern
community-status-nav = Ideen nach Status filtern
community-showing-tagged = Themen mit dem Schlagwort #{ $tag }.
community-show-all = Alle Themen anzeigen
community-topics-list = Themen
community-empty = Hier gibt es noch nichts.
community-start-topic = Ein Thema beginnen
community-more-topics = Weitere Themen
community-feed = Atom-Feed dieser Liste
community-popular-tags = Beliebte Schlagwörter
community-no-tags = Noch keine Schlagwörter.
community-tag-topics = { $n ->
    [one] { $n } Thema
   *[other] { $n } Themen
}
community-answered = Beantwortet
community-replies = { $n ->
    [one] { $n } Antwort
   *[other] { $n } Antworten
}
community-other-replies = { $n ->
    [one] { $n } weitere Antwort
   *[other] { $n } weitere Antworten
}
community-votes = { $n ->
    [one] { $n } Stimme
   *[other] { $n } Stimmen
}
community-me-too-count = { $n ->
    [one] { $n } Person hat das auch
   *[other] { $n } Personen haben das auch
}
community-active = zuletzt aktiv

## Themenseite

community-deleted = Gelöscht
community-held = Zur Prüfung zurückgehalten: { $reason }
community-held-abuse = Beleidigende Sprache
community-held-filter = Ein Wortfilter hat angeschlagen
community-held-spam = Sieht nach Spam aus
community-held-flags = Von Mitgliedern gemeldet
community-held-hidden = Für andere Mitglieder ausgeblendet
community-held-note = Vorerst sehen nur Sie und die Moderation dieses Thema.
community-held-waiting = Wartet auf die Moderation
community-hidden = Ausgeblendet: { $reason }
community-nudge-abuse = Ihr Ärger ist hier willkommen, aber das liest sich wie ein Angriff auf eine Person. Könnten Sie es so umformulieren, dass es darum geht, was schiefgelaufen ist? Beiträge wie dieser werden zurückgehalten, bis die Moderation sie gelesen hat.
community-nudge-filter = Der Text enthält Wörter, die diese Community von der Moderation prüfen lassen möchte. Sie können ihn umformulieren oder unverändert veröffentlichen; dann liest ihn zuerst die Moderation.
community-nudge-spam = Das sieht stark nach Spam aus (viele Links, derselbe Text noch einmal oder viele Beiträge in kurzer Zeit). Die Moderation liest den Beitrag, bevor er veröffentlicht wird.
community-nudge-flags = Mitglieder haben diesen Beitrag gemeldet; er bleibt ausgeblendet, bis die Moderation ihn gelesen hat.
community-in-category = Kategorie: { $category }
community-edited = bearbeitet, frühere Versionen ansehen
community-duplicate-of = Diese Idee ist ein Duplikat einer anderen, die ihre Stimmen und Follower erhalten hat:
community-edit-topic = Thema bearbeiten
community-delete-topic = Thema löschen
community-accepted-answer = Akzeptierte Antwort
community-solves-it = Das löst mein Problem, ich muss nichts posten
community-article-notice = Diese Antwort ist auch ein Artikel der Wissensdatenbank:
community-article-state-draft = Entwurf
community-article-state-published = veröffentlicht
community-article-state-archived = archiviert
community-promote = In einen Artikel der Wissensdatenbank umwandeln
community-status-history = Statusverlauf
community-status-by-staff = Ein Teammitglied
community-set-status-heading = Status setzen (Team)
community-status-label = Status
community-status-note = Öffentliche Notiz
community-duplicate-label = Duplikat von (Nummer der Idee)
community-duplicate-hint = Nur für den Status „Duplikat“: die Idee, die die Stimmen und Follower erhält.
community-duplicate-number = Geben Sie die Nummer der Idee an, z. B. 42.
community-set-status = Status setzen
community-status-set = Status auf { $status } gesetzt. Follower und Abstimmende werden benachrichtigt.
community-flag-reason-spam = Spam
community-flag-reason-abuse = Missbrauch
community-flag-reason-off-topic = Themenfremd
community-flag-reason-other = Etwas anderes

## Reaktionen

community-vote-idea = Für diese Idee stimmen
community-voted-idea = Sie haben für diese Idee gestimmt
community-login-vote-idea = Melden Sie sich an, um für diese Idee zu stimmen
community-vote-reply = Für diese Antwort stimmen
community-voted-reply = Sie haben für diese Antwort gestimmt
community-login-vote-reply = Melden Sie sich an, um für diese Antwort zu stimmen
community-me-too = Betrifft mich auch
community-me-too-active = Betrifft Sie auch
community-login-me-too = { $kind ->
    [question] Melden Sie sich an, um zu sagen, dass Sie dieselbe Frage haben
   *[other] Melden Sie sich an, um zu sagen, dass Sie dasselbe Problem haben
}
community-follow = Diesem Thema folgen
community-following = Sie folgen diesem Thema
community-login-follow = Melden Sie sich an, um diesem Thema zu folgen
community-followers = { $n ->
    [one] { $shown } Follower
   *[other] { $shown } Follower
}

## Antworten

community-reply-by = Antwort von { $name }
community-official-answer = Offizielle Antwort
community-accepted = Akzeptiert
community-accept = Diese Antwort akzeptieren
community-unaccept = Diese Antwort nicht mehr akzeptieren
community-accepted-flash = Antwort akzeptiert. Danke, dass Sie die Sache abgeschlossen haben!
community-unaccepted = Die Antwort ist nicht mehr akzeptiert.
community-edit-reply = Antwort bearbeiten
community-edit-reply-by = Antwort von { $name } bearbeiten
community-delete-reply = Antwort löschen
community-delete-reply-by = Antwort von { $name } löschen
community-your-reply = Ihre Antwort
community-before-you-post = Bevor Sie posten:
community-nudge-choice = Bearbeiten Sie Ihre Antwort unten, oder veröffentlichen Sie sie unverändert; dann liest sie zuerst die Moderation.
community-reply-label = Antwort
community-markdown-hint = Markdown funktioniert: **fett**, Listen, `Code`, [Links](https://example.com).
community-post-reply = Antwort veröffentlichen
community-login-to-reply = Melden Sie sich an, um zu antworten
community-signup-to-reply = Neu hier? Registrieren Sie sich, um zu antworten
community-reply-posted = Ihre Antwort ist veröffentlicht.
community-reply-held = Ihre Antwort wird zurückgehalten: Die Moderation liest sie, bevor andere sie sehen.

## Bearbeiten und Verläufe

community-edit-reply-title = Antwort bearbeiten
community-save-changes = Änderungen speichern
community-cancel-edit = Abbrechen
community-topic-saved = Ihre Änderungen sind gespeichert; die frühere Version bleibt im Verlauf.
community-topic-deleted = Das Thema ist gelöscht.
community-reply-updated = Ihre Antwort ist aktualisiert.
community-reply-deleted = Die Antwort ist gelöscht.
community-history-topic = Bearbeitungsverlauf von „{ $title }“
community-history-reply = Bearbeitungsverlauf einer Antwort von { $name }
community-history-back = Zurück zum Thema
community-history-current = Aktuelle Version
community-history-replaced = Ersetzt am { $when } von { $editor }
community-history-someone = jemandem
community-history-tags = Schlagwörter: { $tags }
community-history-never = Nie bearbeitet.
