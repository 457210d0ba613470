# Messages of core refusals and conflicts, written by the service (see chorus_i18n::Text).

## validate.rs
err-core-email-empty = Geben Sie Ihre E-Mail-Adresse ein.
err-core-max-chars = Verwenden Sie höchstens { $max } Zeichen.
err-core-email-invalid = Geben Sie eine Adresse wie name@example.com ein.
err-core-name-empty = Geben Sie einen Namen ein.
err-core-name-control = Entfernen Sie die Steuerzeichen aus dem Namen.
err-core-min-chars = Verwenden Sie mindestens { $min } Zeichen.
err-core-password-common = Dieses Passwort gehört zu den häufigsten; wählen Sie ein anderes.
err-core-markdown-large = Verwenden Sie höchstens { $max } Byte Text (jetzt { $bytes }).
err-core-markdown-deep = Zitate, Listen oder Formatierungen sind zu tief verschachtelt (höchstens { $max } Ebenen).

## community.rs
err-core-title-empty = Geben Sie Ihrem Thema einen Titel.
err-core-max-chars-now = Verwenden Sie höchstens { $max } Zeichen (jetzt { $n }).
err-core-body-empty = Schreiben Sie etwas.
err-core-tag-invalid = Schlagwörter bestehen aus Buchstaben, Ziffern und Bindestrichen, höchstens { $max } Zeichen ({ $tag }).
err-core-tags-many = Verwenden Sie höchstens { $max } Schlagwörter.
err-core-category-long = Verwenden Sie höchstens { $max } druckbare Zeichen.

## listen.rs
err-core-channel-not-here = Erwähnungen aus dem Kanal { $channel } lassen sich auf diesem Weg nicht hinzufügen
err-core-required = ist erforderlich
err-core-at-most-chars = darf höchstens { $max } Zeichen lang sein
err-core-not-negative = darf nicht negativ sein
err-core-at-most = darf höchstens { $max } sein
err-core-url-link = muss ein http- oder https-Link sein
err-core-time-required = ist erforderlich (RFC 3339)
err-core-time-invalid = muss eine RFC-3339-Zeit wie 2026-11-22T09:18:00Z sein

## query.rs
err-core-query-at = { $message } (bei Zeichen { $position })
err-core-query-quote = Anführungszeichen nicht geschlossen
err-core-query-empty-phrase = leere Phrase in Anführungszeichen
err-core-query-name = auf { $sigil } muss ein Name folgen
err-core-query-depth = mehr als { $max } Ebenen verschachtelt
err-core-query-empty-parens = leere Klammern
err-core-query-no-close = unausgeglichene Klammern: keine schließende )
err-core-query-terms = mehr als { $max } Begriffe
err-core-query-unexpected-close = unausgeglichene Klammern: unerwartete )
err-core-query-and = AND braucht auf beiden Seiten einen Begriff
err-core-query-or = OR braucht auf beiden Seiten einen Begriff
err-core-query-end = die Suchanfrage endet, wo ein Begriff erwartet wurde
err-core-query-long = länger als { $max } Zeichen
err-core-query-operator = unerwarteter Operator

## moderation/filters.rs
err-core-filter-empty = Geben Sie ein Wort oder eine Wortgruppe ein.
err-core-filter-long = Verwenden Sie höchstens acht Wörter pro Filter.
err-core-filter-short = { $word } ist zu kurz: Ein Platzhalter braucht mindestens zwei Buchstaben.
err-core-filter-star = { $word }: `*` darf nur am Anfang oder Ende eines Wortes stehen.

## triage/conditions.rs
err-core-cond-too-many = höchstens { $max } Werte
err-core-cond-keyword-long = Stichwörter haben höchstens { $max } Zeichen
err-core-cond-keyword-empty = { $keyword } enthält keine Buchstaben oder Ziffern, nach denen gesucht werden kann
err-core-unknown-channel = unbekannter Kanal { $value }: erwartet wird community, mastodon, bluesky, feed, webhook, email oder import
err-core-cond-intent = unbekannte Absicht { $value }: erwartet wird complaint, question, praise, idea oder other
err-core-cond-sentiment = unbekannte Stimmung { $value }: erwartet wird negative, neutral oder positive
err-core-cond-language = { $value } ist kein Sprachcode wie en oder de
err-core-cond-ids = IDs sind positive Zahlen
err-core-cond-min-followers = muss 0 oder mehr sein
err-core-cond-spike-routing = nur Benachrichtigungsregeln können bei Spitzen auslösen
err-core-cond-sla-routing = nur Benachrichtigungsregeln können bei SLA-Verletzungen auslösen
err-core-cond-spike-and-sla = eine Regel löst bei Spitzen oder bei SLA-Verletzungen aus, nicht bei beidem

## triage/alerts.rs
err-core-actions-none = fügen Sie mindestens eine Aktion hinzu (email oder webhook)
err-core-actions-many = höchstens { $max } Aktionen
err-core-action-email = { $value } ist keine E-Mail-Adresse
err-core-action-url = { $value } ist keine http(s)-URL
