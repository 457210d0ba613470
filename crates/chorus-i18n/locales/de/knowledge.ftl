# Wissensdatenbank: Übersicht, Artikel, Schreiben, Prüfliste und Übernahme.

kb-title = Wissensdatenbank
kb-feed-title = Wissensdatenbank
kb-feeds = Feeds
kb-feed-link = Atom-Feed der Artikel
kb-new-article = Neuer Artikel
kb-edit-title = Artikel bearbeiten
kb-review-title = Prüfliste
kb-search-label = Artikel durchsuchen
kb-search-button = Suchen
kb-empty = Noch keine Artikel.
kb-empty-in-category = Noch keine Artikel in { $category }.
kb-categories = Kategorien
kb-all-categories = Alle
kb-updated = aktualisiert
kb-published = veröffentlicht
kb-views = { $n ->
    [one] { $n } Aufruf
   *[other] { $n } Aufrufe
}
kb-helpful-none = noch keine Bewertungen
kb-helpful-count = { $n ->
    [one] hilfreich für { $yes } von { $n } Person
   *[other] hilfreich für { $yes } von { $n } Personen
}

kb-not-public-draft = Dieser Artikel ist ein Entwurf: Nur das Team kann ihn sehen.
kb-not-public-archived = Dieser Artikel ist archiviert: Nur das Team kann ihn sehen.
kb-source-link = Ursprüngliche Unterhaltung
kb-transcript = Video-Transkript
kb-helpful-question = War das hilfreich?
kb-helpful-yes = Ja
kb-helpful-no = Nein
kb-solves-it = Das löst mein Problem, ich muss nichts posten
kb-staff-heading = Team
kb-edit = Bearbeiten
kb-publish = Veröffentlichen
kb-publish-named = { $title } veröffentlichen
kb-unpublish = Veröffentlichung zurückziehen
kb-archive = Archivieren
kb-transcript-label = Transkript oder Untertitel des Videos (reiner Text, wird mit dem Artikel durchsucht; leer entfernt es)
kb-transcript-save = Transkript speichern
kb-versions = Versionen
kb-version = Version { $version }: „{ $title }“ von { $editor }
kb-version-someone = jemand

kb-field-title = Titel
kb-field-title-hint = Was die Lesenden tun oder beheben wollen, in ihren eigenen Worten.
kb-field-body = Artikel
kb-field-body-hint = Markdown funktioniert: ## Überschriften, Listen, `Code`, Links.
kb-field-category = Kategorie (optional)
kb-save-version = Neue Version speichern
kb-save-draft = Entwurf speichern
kb-cancel = Abbrechen

kb-review-intro = Entwürfe vom Team oder übernommen aus beantworteten Themen und gelösten Fällen.
kb-review-manager-publishes = Eine Leitungsperson veröffentlicht sie.
kb-review-empty = Keine Entwürfe in der Warteschlange.
kb-review-caption = Artikelentwürfe
kb-review-written = selbst verfasst
kb-col-title = Titel
kb-col-author = Autor
kb-col-updated = Aktualisiert
kb-col-from = Herkunft
kb-col-action = Aktion

kb-flash-thanks = Vielen Dank für Ihre Rückmeldung.
kb-flash-transcript-saved = Transkript gespeichert: Es wird mit dem Artikel durchsucht.
kb-flash-draft-saved = Entwurf gespeichert. Eine Leitungsperson veröffentlicht ihn über die Prüfliste.
kb-flash-version-saved = Als neue Version gespeichert; frühere Versionen bleiben im Verlauf.
kb-flash-published = Veröffentlicht: Der Artikel ist öffentlich und wird Schreibenden vorgeschlagen.
kb-flash-archived = Archiviert: Der Artikel ist nicht mehr in der Wissensdatenbank.
kb-flash-unpublished = Wieder zum Entwurf gemacht.
kb-flash-promoted-topic = Artikelentwurf aus der Frage und ihrer akzeptierten Antwort erstellt. Bearbeiten Sie ihn, dann veröffentlicht ihn eine Leitungsperson.
kb-flash-topic-has-article = Zu diesem Thema gibt es schon einen Artikel.
kb-flash-promoted-case = Artikelentwurf aus dem Fall erstellt. Bearbeiten Sie ihn, dann veröffentlicht ihn eine Leitungsperson.
kb-flash-case-has-article = Zu diesem Fall gibt es schon einen Artikel.
