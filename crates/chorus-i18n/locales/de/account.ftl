# Konto: Anmelden, Registrieren, Passwort zurücksetzen, die Kontoseite, Profile und Benachrichtigungen.

## Anmelden

account-login-title = Anmelden
account-login-providers = Anmelden mit
account-login-with = Mit { $provider } anmelden
account-login-or = Oder melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an:
account-field-email = E-Mail-Adresse
account-field-password = Passwort
account-login-submit = Anmelden
account-login-forgot = Passwort vergessen?
account-login-new = Neu hier?
account-login-create = Konto anlegen
account-login-off = Die Anmeldung mit Passwort ist ausgeschaltet, und es ist kein Anmeldedienst eingerichtet. Wenden Sie sich an die Administration des Hubs.
account-login-enter-email = Geben Sie Ihre E-Mail-Adresse ein.
account-login-enter-password = Geben Sie Ihr Passwort ein.
account-login-mismatch = Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto.
account-login-password-off = Die Anmeldung mit Passwort ist auf diesem Hub ausgeschaltet. Verwenden Sie eine der Anmeldeschaltflächen.
account-login-too-many = { $n ->
    [one] Zu viele Fehlversuche. Warten Sie { $n } Sekunde und versuchen Sie es dann erneut.
   *[other] Zu viele Fehlversuche. Warten Sie { $n } Sekunden und versuchen Sie es dann erneut.
}
account-suspended = Dieses Konto ist gesperrt. Wenden Sie sich an das Community-Team, wenn Sie das für einen Irrtum halten.
account-welcome-new = Willkommen, { $name }! Ihr Konto ist bereit.
account-welcome-back = Willkommen zurück, { $name }.
account-logged-out = Sie sind abgemeldet.

## Anmeldedienste

account-oidc-unknown = Diesen Anmeldedienst gibt es nicht.
account-oidc-unreachable = Der Anmeldedienst war nicht erreichbar. Versuchen Sie es gleich noch einmal.
account-oidc-denied = Der Anmeldedienst hat Sie nicht angemeldet: { $detail }
account-oidc-expired = Diese Anmeldung ist abgelaufen oder wurde in einem anderen Browser begonnen. Beginnen Sie von vorn.
account-oidc-invalid = Die Antwort des Anmeldedienstes ließ sich nicht überprüfen, daher wurden Sie nicht angemeldet.
account-oidc-unverified = Der Anmeldedienst hat Ihre E-Mail-Adresse nicht bestätigt, daher lässt sie sich keinem Konto zuordnen. Bestätigen Sie sie dort und versuchen Sie es dann erneut.
account-oidc-no-account = Für { $email } gibt es kein Konto. Bitten Sie eine Community-Leitung, eines anzulegen.
account-oidc-too-many = { $n ->
    [one] Zu viele Anmeldungen von Ihrer Adresse. Warten Sie { $n } Sekunde.
   *[other] Zu viele Anmeldungen von Ihrer Adresse. Warten Sie { $n } Sekunden.
}
account-oidc-failed = Bei uns ist etwas schiefgelaufen. Versuchen Sie es noch einmal.

## Registrieren

account-signup-title = Registrieren
account-signup-heading = Legen Sie Ihr Konto an
account-field-name = Ihr Name
account-field-name-hint = Wird neben Ihren Beiträgen angezeigt.
account-field-password-hint = Mindestens 10 Zeichen.
account-signup-submit = Konto anlegen
account-signup-have-account = Sie haben schon ein Konto?
account-signup-login = Anmelden

## Passwort zurücksetzen

account-reset-title = Passwort zurücksetzen
account-reset-intro = Geben Sie die Adresse Ihres Kontos ein, dann schicken wir Ihnen einen Link per E-Mail.
account-reset-submit = Link zum Zurücksetzen senden
account-reset-sent = { $n ->
    [one] Falls ein Konto { $email } verwendet, haben wir ihm einen Link geschickt, mit dem Sie ein neues Passwort wählen können. Der Link ist { $n } Minute lang gültig.
   *[other] Falls ein Konto { $email } verwendet, haben wir ihm einen Link geschickt, mit dem Sie ein neues Passwort wählen können. Der Link ist { $n } Minuten lang gültig.
}
account-reset-back = Zurück zur Anmeldung
account-reset-too-many = { $n ->
    [one] Zu viele Anfragen zum Zurücksetzen. Versuchen Sie es in { $n } Minute erneut.
   *[other] Zu viele Anfragen zum Zurücksetzen. Versuchen Sie es in { $n } Minuten erneut.
}
account-newpw-title = Neues Passwort wählen
account-field-new-password = Neues Passwort
account-newpw-submit = Passwort speichern
account-newpw-expired = Dieser Link ist abgelaufen oder wurde schon verwendet.
account-newpw-again = Neuen Link anfordern
account-newpw-done = Ihr Passwort wurde geändert, und Sie sind angemeldet.

## Die Kontoseite

account-title = Ihr Konto
account-profile = Profil
account-name = Name
account-role = Rolle
account-member-since = Mitglied seit
account-password-heading = Passwort ändern
account-field-current-password = Aktuelles Passwort
account-field-new-password-hint = Mindestens 10 Zeichen. Sie werden überall abgemeldet.
account-password-submit = Passwort ändern
account-password-changed = Passwort geändert. Andere Geräte wurden abgemeldet.
account-language = Sprache
account-language-intro = Seiten und E-Mails dieses Hubs erscheinen in der Sprache, die Sie hier wählen.
account-language-label = Seiten und E-Mails anzeigen auf
account-language-browser = Wie mein Browser
account-language-save = Sprache speichern
account-language-saved = Seiten und E-Mails erscheinen jetzt auf Deutsch.
account-language-follows = Seiten und E-Mails folgen jetzt der Sprache Ihres Browsers.
account-language-invalid = Wählen Sie eine der angebotenen Sprachen.
account-tokens = API-Tokens
account-tokens-intro = Mit Tokens können Programme die Chorus-API in Ihrem Namen nutzen. Ein Programm sendet sein Token in diesem Header:
account-tokens-api = Beschreibung der Chorus-API lesen (OpenAPI)
account-token-created = Token „{ $name }“ erstellt.
account-token-copy = Kopieren Sie es jetzt: Es wird nicht noch einmal angezeigt.
account-token-name = Name des Tokens
account-token-name-example = z. B. CI-Export
account-token-create = Token erstellen
account-tokens-caption = Ihre Tokens
account-token-prefix = Beginnt mit
account-token-created-at = Erstellt
account-token-last-used = Zuletzt verwendet
account-token-status = Status
account-token-revoked = Widerrufen
account-token-revoke = Widerrufen
account-token-revoke-named = Token { $name } widerrufen
account-token-never = Nie
account-tokens-none = Noch keine Tokens.
account-token-revoked-flash = Token widerrufen.

## Mitgliederprofile

account-profile-member-since = Mitglied seit { $date }
account-profile-topics = { $n ->
    [one] Thema
   *[other] Themen
}
account-profile-replies = { $n ->
    [one] Antwort
   *[other] Antworten
}
account-profile-accepted = { $n ->
    [one] akzeptierte Antwort
   *[other] akzeptierte Antworten
}
account-profile-record = Verlauf (nur Team)
account-profile-trust-is = Vertrauensstufe: { $level }
account-profile-silenced-until = Stummgeschaltet bis { $date }
account-profile-upheld = { $n ->
    [one] { $n } bestätigte Moderationsmaßnahme
   *[other] { $n } bestätigte Moderationsmaßnahmen
}
account-profile-chart = Beleidigende Beiträge pro Monat
account-profile-months = Beiträge pro Monat: konstruktiv und beleidigend
account-profile-month = Monat
account-profile-constructive = Konstruktiv
account-profile-abusive = Beleidigend
account-profile-trust-label = Vertrauensstufe
account-profile-set-level = Stufe setzen
account-profile-reason = Grund
account-profile-lift = Stummschaltung aufheben
account-profile-accepted-heading = Akzeptierte Antworten
account-profile-none = Noch keine.
account-profile-accepted-badge = Akzeptiert
account-profile-official = Offizielle Antwort
account-profile-topics-heading = Themen
account-profile-replies-heading = Antworten
account-trust-new = Neues Mitglied
account-trust-basic = Einsteiger
account-trust-member = Stammmitglied
account-trust-trusted = Vertrauenswürdig
account-record-none = Noch keine Beiträge.
account-record-constructive = { $n ->
    [one] Konstruktiv: { $n } Beitrag, keiner beleidigend.
   *[other] Konstruktiv: { $n } Beiträge, keiner beleidigend.
}
account-record-few = Zu wenige Beiträge, um von einem Muster zu sprechen: { $abusive } von { $total } beleidigend. Lesen Sie den Beitrag selbst.
account-record-mostly = Überwiegend konstruktiv: { $abusive } von { $total } Beiträgen beleidigend ({ $share } %) – wahrscheinlich ein frustrierter Kunde.
account-record-often = { $upheld ->
    [one] Oft beleidigend: { $abusive } von { $total } Beiträgen ({ $share } %), { $upheld } bestätigte Moderationsmaßnahme – als Muster behandeln, nicht als Einzelfall.
   *[other] Oft beleidigend: { $abusive } von { $total } Beiträgen ({ $share } %), { $upheld } bestätigte Moderationsmaßnahmen – als Muster behandeln, nicht als Einzelfall.
}

## Benachrichtigungen

account-notifications-title = Benachrichtigungen
account-notifications-read-all = Alle als gelesen markieren
account-notifications-settings = E-Mail-Einstellungen
account-notifications-empty = Noch nichts. Hier erfahren Sie von Antworten auf Ihre Themen und auf Themen, denen Sie folgen, von akzeptierten Antworten und von Statusänderungen bei Ideen.
account-notifications-new = Neu
account-notifications-older-nav = Ältere Benachrichtigungen
account-notifications-older = Ältere
account-notifications-marked = { $n ->
    [one] { $n } als gelesen markiert.
   *[other] { $n } als gelesen markiert.
}
account-notify-withheld = Ein Beitrag, über den Sie benachrichtigt wurden, ist nicht mehr verfügbar
account-notify-someone = Jemand
account-notify-a-topic = ein Thema
account-notify-reply-own = { $who } hat auf Ihr Thema „{ $title }“ geantwortet
account-notify-reply-followed = { $who } hat in „{ $title }“ geantwortet
account-notify-accepted = { $who } hat Ihre Antwort in „{ $title }“ akzeptiert
account-notify-status = „{ $title }“ hat jetzt den Status { $status }
account-notify-case-note = { $who } hat Sie in einer Notiz zu { $detail } erwähnt
account-notify-moderation-on = Moderation, zu „{ $title }“: { $detail }
account-notify-moderation = Moderation: { $detail }
account-notify-other = { $kind } zu „{ $title }“
account-idea-open = Offen
account-idea-under-review = In Prüfung
account-idea-planned = Geplant
account-idea-started = In Arbeit
account-idea-done = Umgesetzt
account-idea-declined = Abgelehnt
account-idea-duplicate = Duplikat
account-email-title = E-Mail-Einstellungen
account-email-intro = Benachrichtigungen sehen Sie immer bei der Glocke. Wählen Sie, welche davon auch per E-Mail kommen.
account-email-when = E-Mail an mich, wenn
account-email-replies = jemand auf meine Themen oder auf Themen antwortet, denen ich folge
account-email-accepted = meine Antwort akzeptiert wird
account-email-status = sich der Status einer Idee ändert, der ich folge oder für die ich gestimmt habe
account-email-save = Speichern
account-email-back = Zurück zu den Benachrichtigungen
account-email-saved = Ihre E-Mail-Einstellungen sind gespeichert.
