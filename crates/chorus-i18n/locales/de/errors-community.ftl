# Messages of community refusals and conflicts, written by the service (see chorus_i18n::Text).

## community/embed.rs

err-com-embed-kind = Verwenden Sie question, problem, idea oder praise.
err-com-embed-product-long = Ein Produkt ist ein Schlagwort mit höchstens 100 Zeichen.

## community/mod.rs

err-com-choose-kind = Wählen Sie eine Art.
err-com-bad-cursor = Verwenden Sie den Wert `next` der vorherigen Seite.

## community/reactions.rs

err-com-accept-kind = Nur Fragen und Probleme haben akzeptierte Antworten; dies ist { $kind ->
    [question] eine Frage
    [problem] ein Problem
    [idea] eine Idee
    [praise] ein Lob
   *[other] { $kind }
}.
err-com-vote-twice = Sie haben hierfür bereits abgestimmt.
err-com-vote-kind = Abstimmen kann man nur über Ideen; bei Fragen und Problemen verwenden Sie „Betrifft mich auch“.
err-com-vote-closed = Über diese Idee kann nicht mehr abgestimmt werden.
err-com-me-too-kind = „Betrifft mich auch“ gibt es nur bei Fragen und Problemen; über Ideen stimmen Sie stattdessen ab.
err-com-status-kind = Nur Ideen haben einen Status.
err-com-at-most-chars = Verwenden Sie höchstens { $max } Zeichen.
err-com-dup-missing = Geben Sie an, von welcher Idee dies ein Duplikat ist.
err-com-dup-self = Eine Idee kann kein Duplikat ihrer selbst sein.
err-com-dup-chain = Diese Idee ist selbst ein Duplikat; verweisen Sie auf die Idee, von der sie ein Duplikat ist.
err-com-dup-none = Diese Idee gibt es nicht.
err-com-dup-not-duplicate = Nur der Status „Duplikat“ verweist auf eine andere Idee.
err-com-choose-status = Wählen Sie einen Status.
err-com-status-same = Diese Idee ist bereits { $status ->
    [open] offen
    [under_review] in Prüfung
    [planned] geplant
    [started] begonnen
    [done] erledigt
    [declined] abgelehnt
    [duplicate] ein Duplikat
   *[other] { $status }
}.

## accounts/admin.rs

err-com-own-admin = Sie können sich Ihre eigene Administratorrolle nicht entziehen; bitten Sie einen anderen Administrator darum.
err-com-suspend-self = Sie können sich nicht selbst sperren.

## accounts/mod.rs

err-com-email-taken = Zu dieser Adresse gibt es bereits ein Konto. Melden Sie sich an oder setzen Sie Ihr Passwort zurück.
err-com-guest-has-account = Zu dieser Adresse gibt es bereits ein Konto. Melden Sie sich an und stellen Sie Ihre Frage dort: Diese Frage wurde nicht veröffentlicht.
err-com-reset-link-used = Dieser Link ist abgelaufen oder wurde bereits verwendet. Fordern Sie einen neuen an.
err-com-wrong-password = Das ist nicht Ihr aktuelles Passwort.
err-com-token-name = Verwenden Sie höchstens 60 druckbare Zeichen.
err-com-locale-unknown = { $tag } ist keine Sprache, die dieser Hub spricht.

## accounts/oidc.rs

err-com-oidc-race = Ihr Konto wurde gerade bei einer anderen Anmeldung angelegt. Melden Sie sich erneut an.

## knowledge/mod.rs

err-com-kb-title-short = Schreiben Sie einen Titel mit mindestens 3 Zeichen.
err-com-kb-title-long = Der Titel muss kürzer als { $max } Zeichen sein.
err-com-kb-title-control = Der Titel darf keine Steuerzeichen enthalten.
err-com-kb-body-empty = Schreiben Sie den Artikel.
err-com-kb-body-long = Der Artikel muss kürzer als { $max } Zeichen sein.
err-com-kb-category-long = Die Kategorie muss kürzer als { $max } Zeichen sein.
err-com-kb-category-chars = Verwenden Sie in Kategorien Buchstaben, Ziffern, Leerzeichen, Bindestriche und &.
err-com-kb-version-conflict = Jemand hat Version { $saved } dieses Artikels nach der von Ihnen bearbeiteten Version { $edited } gespeichert; laden Sie ihn neu und nehmen Sie Ihre Änderungen erneut vor.
err-com-kb-state = Verwenden Sie published, draft oder archived.
err-com-kb-state-filter = Verwenden Sie published, draft, archived oder all.
err-com-kb-promote-unanswered = Nur ein Thema mit akzeptierter Antwort kann zum Artikel werden; akzeptieren Sie zuerst eine Antwort.
err-com-kb-promote-case-open = Nur ein gelöster oder geschlossener Fall kann zum Artikel werden.
err-com-kb-promote-case-no-reply = Dieser Fall hat keine Antwort, aus der eine Lösung werden könnte.

## knowledge/deflection.rs

err-com-draft-token = kein Token einer Schreibsitzung
err-com-deflection-target = Vorschläge sind Themen oder Artikel

## gate.rs

err-com-gate-posts-per-hour = Auf der Vertrauensstufe „{ $level }“ können Sie { $max ->
    [one] einmal
   *[other] { $max }-mal
} pro Stunde posten. Sie können in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} wieder posten; Ihr Text bleibt unten erhalten.
err-com-gate-links = Auf der Vertrauensstufe „{ $level }“ darf ein Beitrag höchstens { $max ->
    [one] einen Link
   *[other] { $max } Links
} enthalten; dieser hat { $links }. Die Grenzen werden gelockert, je mehr Sie sich beteiligen.
err-com-gate-no-images = Auf der Vertrauensstufe „{ $level }“ können Sie noch keine Bilder einfügen. Die Grenzen werden gelockert, je mehr Sie sich beteiligen.
err-com-gate-images = Auf der Vertrauensstufe „{ $level }“ darf ein Beitrag höchstens { $max ->
    [one] ein Bild
   *[other] { $max } Bilder
} enthalten; dieser hat { $images }. Die Grenzen werden gelockert, je mehr Sie sich beteiligen.
err-com-gate-blocked = In dieser Community ist Folgendes nicht erlaubt: { $words }. Bitte formulieren Sie es anders.

## secrets.rs

err-com-secret-key-bad = ein geheimer Schlüssel muss 32 Byte in Base64 lang sein ({ $detail })
err-com-rotation-unfinished = { $path } existiert: Eine frühere Rotation wurde nicht abgeschlossen; starten Sie chorus einmal, um das zu bereinigen

## search.rs

err-com-search-type = unbekannter Typ { $value }: Verwenden Sie topic, reply, article, event_question oder mention
err-com-search-from-to = muss vor to liegen
err-com-search-offset = muss zwischen 0 und { $max } liegen

## flows.rs

err-com-guest-kind = Wählen Sie, welche Art von Beitrag dies ist.
err-com-canned-none = Diesen Textbaustein gibt es nicht.
err-com-thanks-empty = Schreiben Sie einen Dank oder wählen Sie einen Textbaustein.
err-com-feature-consent = Fragen Sie zuerst die Person, die es geschrieben hat: Heben Sie ihre Worte nur mit ihrer Zustimmung hervor.
err-com-feature-email = E-Mails sind privat: Bitten Sie die Person, ihr Lob stattdessen in der Community zu posten.
err-com-town-hall-unanswered = noch keine Frage hat eine offizielle Antwort
