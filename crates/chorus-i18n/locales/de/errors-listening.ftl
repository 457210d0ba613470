# Messages of listening refusals and conflicts, written by the service (see chorus_i18n::Text).

## listen/mod.rs
# An unknown channel in a filter uses err-unknown-name (errors.ftl).

err-listen-sentiment-unknown = unbekannte Stimmung { $value }: erwartet wird negative, neutral oder positive
err-listen-intent-unknown = unbekannte Absicht { $value }: erwartet wird complaint, question, praise, idea oder other
err-listen-language-code = muss ein Sprachcode wie en oder de sein

## listen/themes.rs
err-listen-theme-sort-unknown = unbekannte Sortierung { $value }: erwartet wird count oder recent
err-listen-theme-offset-range = muss zwischen 0 und 100000 liegen
# Also a source's name (listen/sources/mod.rs).
err-listen-chars-max = darf höchstens { $max } Zeichen lang sein
err-listen-theme-merged-away = Thema { $id } wurde mit einem anderen Thema zusammengeführt
err-listen-theme-merge-self = ein Thema lässt sich nicht mit sich selbst zusammenführen
err-listen-theme-split-none = wählen Sie mindestens eine Erwähnung dieses Themas zum Abtrennen aus
err-listen-theme-split-all = lassen Sie mindestens eine Erwähnung im Thema (oder benennen Sie es stattdessen um)

## listen/sources/mod.rs
err-listen-source-url-scheme = muss eine Adresse sein, die mit { $first }:// oder { $second }:// beginnt
err-listen-required = ist erforderlich
err-listen-source-channel-none = Inhalte aus { $channel } brauchen keine Quelle
err-listen-source-poll-range = muss zwischen { $min } und 86400 liegen
err-listen-source-mastodon-query = nennen Sie mindestens einen Hashtag oder ein Stichwort (oder übernehmen Sie die Erwähnungen des Kontos)
err-listen-source-mastodon-token = die Suche nach Stichwörtern und das Lesen von Erwähnungen brauchen ein Zugriffstoken
err-listen-source-bluesky-query = Bluesky liefert jeden Beitrag des Netzwerks: Geben Sie an, was Sie beobachten möchten
err-listen-source-channel-fixed = der Kanal einer Quelle lässt sich nicht ändern; legen Sie eine neue Quelle an

## listen/pipeline/shared.rs
# $reason: why the pipeline writer failed (its own log text, in English).
err-listen-work-retrying = { $reason }; die Arbeit bleibt in der Warteschlange und wird erneut versucht (die Anfrage zu wiederholen ist unbedenklich)
err-listen-work-queued = kein Pipeline-Worker hat innerhalb von { $secs } s geantwortet; die Arbeit bleibt in der Warteschlange und wird erledigt, sobald einer läuft (die Anfrage zu wiederholen ist unbedenklich)
err-listen-parked-no-broker = zurückgestellte Arbeit gibt es nur auf einem Hub mit Broker (broker.url oder --nats)

## reports/mod.rs
err-listen-report-start-after-end = Der Beginn muss vor dem Ende liegen.
err-listen-report-granularity-unknown = { $value } muss hour, day oder week sein
# $unit: hour, day or week.
err-listen-report-too-many-buckets = { $unit ->
        [hour] { $count } Stunden sind
        [day] { $count } Tage sind
       *[week] { $count } Wochen sind
    } zu viele für ein Diagramm; wählen Sie eine gröbere Einteilung oder einen kürzeren Zeitraum

## reports/exports.rs
err-listen-report-export-unknown = { $value } muss einer dieser Werte sein: { $expected }

## reports/deflection.rs
err-listen-report-from-before-to = muss vor to liegen
err-listen-report-span-long = ein Bericht umfasst höchstens { $max } Tage

## reports/turnaround.rs
err-listen-report-days-range = Wählen Sie 1 bis { $max } Tage.

## webhooks.rs
# What is wrong with a webhook's URL, as it follows “The URL” in err-listen-webhook-url.
err-listen-webhook-url-parse = ist ungültig: { $detail }
err-listen-webhook-url-scheme = muss mit http:// oder https:// beginnen
err-listen-webhook-url-credentials = darf keinen Benutzernamen und kein Passwort enthalten
err-listen-webhook-url-no-host = hat keinen Host
err-listen-webhook-url-resolve-slow = hat einen Host, der sich nicht innerhalb von { $secs } s auflösen ließ
err-listen-webhook-url-resolve-error = hat einen Host, der sich nicht auflösen lässt: { $detail }
err-listen-webhook-url-unresolved = hat einen Host, der sich nicht auflösen lässt
err-listen-webhook-url-private = verweist auf eine private oder Loopback-Adresse (setzen Sie webhooks.allow_private, um das zu erlauben)
err-listen-webhook-url-long = Höchstens { $max } Zeichen.
# $problem: one of the messages above.
err-listen-webhook-url = Die URL { $problem }.
err-listen-webhook-event-unknown = { $value } ist kein Ereignis; verwenden Sie * oder: { $events }.
err-listen-webhook-events-none = Nennen Sie mindestens ein Ereignis oder * für alle.
err-listen-webhook-format-unknown = Verwenden Sie standard oder slack.
err-listen-webhook-off = der Webhook ist ausgeschaltet; schalten Sie ihn zuerst ein
err-listen-webhook-delivery-pending = diese Zustellung wird noch versucht
