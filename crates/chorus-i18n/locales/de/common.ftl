# Von allen Seiten genutzt: Navigation, Fußzeile, Fehler, Rollen, Zeiten.

nav-skip = Zum Inhalt springen
nav-menu = Menü
nav-main = Hauptnavigation
nav-account = Konto
nav-community = Community
nav-kb = Hilfeartikel
nav-events = Fragestunden
nav-search = Suche
nav-work = Team-Bereich
nav-inbox = Posteingang
nav-listening = Monitoring
nav-themes = Themen
nav-praise = Lob
nav-advocates = Fürsprecher
nav-reports = Berichte
nav-kb-review = Zu prüfende Artikel
nav-kb-articles = Artikel
nav-kb-new = Artikel schreiben
nav-moderation = Moderation
nav-moderation-queue = Prüfliste
nav-moderation-filters = Wortfilter
nav-moderation-log = Moderationsprotokoll
nav-triage = Triage einrichten
nav-admin = Verwaltung
nav-users = Benutzer
nav-sources = Quellen
nav-audit = Prüfprotokoll
nav-notifications = Benachrichtigungen
nav-unread = { $n ->
    [one] { $n } ungelesene Benachrichtigung
   *[other] { $n } ungelesene Benachrichtigungen
}
nav-account-settings = Kontoeinstellungen
nav-notification-settings = E-Mail-Einstellungen
nav-login = Anmelden
nav-signup = Registrieren
nav-logout = Abmelden

section-cases = Fälle
section-listening = Monitoring
section-engagement = Engagement
section-moderation = Moderation
section-admin = Verwaltung
section-kb = Wissensdatenbank
section-account = Ihr Konto

badge-staff = Team
role-member = Mitglied
role-agent = Agent
role-manager = Leitung
role-admin = Administrator

footer-runs-on = { $hub } läuft mit Chorus, dem quelloffenen Hub für Social Customer Service.
footer-language = Sprache
footer-language-apply = Sprache wechseln
language-changed = Die Seite wird jetzt auf Deutsch angezeigt.
language-unknown = Diese Sprache wird hier nicht angeboten; die Seite bleibt unverändert.

error-400 = Diese Anfrage konnten wir nicht verwenden
error-401 = Bitte melden Sie sich an
error-403 = Nicht erlaubt
error-404 = Seite nicht gefunden
error-405 = Auf diesem Weg nicht verfügbar
error-408 = Das hat zu lange gedauert
error-413 = Zu groß
error-429 = Bitte etwas langsamer
error-503 = Vorübergehend nicht verfügbar
error-500 = Etwas ist schiefgelaufen
error-other = Etwas stimmt nicht
error-code = Fehler { $status }
error-home = Zur Startseite

time-now = gerade eben
time-ago-minutes = { $n ->
    [one] vor { $n } Minute
   *[other] vor { $n } Minuten
}
time-ago-hours = { $n ->
    [one] vor { $n } Stunde
   *[other] vor { $n } Stunden
}
time-ago-days = { $n ->
    [one] vor { $n } Tag
   *[other] vor { $n } Tagen
}
time-ago-months = { $n ->
    [one] vor { $n } Monat
   *[other] vor { $n } Monaten
}
time-ago-years = { $n ->
    [one] vor { $n } Jahr
   *[other] vor { $n } Jahren
}
time-in-minutes = { $n ->
    [one] in { $n } Minute
   *[other] in { $n } Minuten
}
time-in-hours = { $n ->
    [one] in { $n } Stunde
   *[other] in { $n } Stunden
}
time-in-days = { $n ->
    [one] in { $n } Tag
   *[other] in { $n } Tagen
}
time-in-months = { $n ->
    [one] in { $n } Monat
   *[other] in { $n } Monaten
}
time-in-years = { $n ->
    [one] in { $n } Jahr
   *[other] in { $n } Jahren
}

form-fix = { $n ->
    [one] Bitte beheben Sie dieses Problem:
   *[other] Bitte beheben Sie diese Probleme:
}
flag = Melden
flag-this = { $kind ->
    [reply] Diese Antwort melden
   *[other] Dieses Thema melden
}
flag-what = Was stimmt damit nicht?
flag-note = Hinweis für die Moderation (optional)
flag-send = Meldung senden
masked-summary = Beleidigender Text zu Ihrem Schutz ausgeblendet.
masked-reveal = Anzeigen
kind-question = Welche Art von Thema ist es?
