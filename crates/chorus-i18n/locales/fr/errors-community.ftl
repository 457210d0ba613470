# Messages of community refusals and conflicts, written by the service (see chorus_i18n::Text).

## community/embed.rs

err-com-embed-kind = Utilisez question, problem, idea ou praise.
err-com-embed-product-long = Un produit est une étiquette de 100 caractères au plus.

## community/mod.rs

err-com-choose-kind = Choisissez un type.
err-com-bad-cursor = Utilisez la valeur `next` de la page précédente.

## community/reactions.rs

err-com-accept-kind = Seules les questions et les problèmes ont des réponses acceptées ; ceci est { $kind ->
    [question] une question
    [problem] un problème
    [idea] une idée
    [praise] un compliment
   *[other] { $kind }
}.
err-com-vote-twice = Vous avez déjà voté pour cela.
err-com-vote-kind = Seules les idées reçoivent des voix ; pour les questions et les problèmes, utilisez « Moi aussi ».
err-com-vote-closed = Les votes sont clos pour cette idée.
err-com-me-too-kind = « Moi aussi » n’existe que pour les questions et les problèmes ; pour les idées, votez plutôt.
err-com-status-kind = Seules les idées ont un statut.
err-com-at-most-chars = Utilisez au plus { $max } caractères.
err-com-dup-missing = Indiquez de quelle idée celle-ci est le doublon.
err-com-dup-self = Une idée ne peut pas être son propre doublon.
err-com-dup-chain = Cette idée est elle-même un doublon ; indiquez l’idée dont elle est le doublon.
err-com-dup-none = Cette idée n’existe pas.
err-com-dup-not-duplicate = Seul le statut Doublon renvoie à une autre idée.
err-com-choose-status = Choisissez un statut.
err-com-status-same = Cette idée est déjà { $status ->
    [open] ouverte
    [under_review] à l’étude
    [planned] prévue
    [started] en cours
    [done] terminée
    [declined] refusée
    [duplicate] un doublon
   *[other] { $status }
}.

## accounts/admin.rs

err-com-own-admin = Vous ne pouvez pas retirer votre propre rôle d’administrateur ; demandez-le à un autre administrateur.
err-com-suspend-self = Vous ne pouvez pas vous suspendre vous-même.

## accounts/mod.rs

err-com-email-taken = Un compte existe déjà avec cette adresse. Connectez-vous ou réinitialisez votre mot de passe.
err-com-guest-has-account = Cette adresse a déjà un compte. Connectez-vous et posez votre question depuis ce compte : cette question n’a pas été publiée.
err-com-reset-link-used = Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.
err-com-wrong-password = Ce n’est pas votre mot de passe actuel.
err-com-token-name = Utilisez au plus 60 caractères imprimables.
err-com-locale-unknown = { $tag } n’est pas une langue que parle ce hub.

## accounts/oidc.rs

err-com-oidc-race = Votre compte vient d’être créé par une autre connexion. Reconnectez-vous.

## knowledge/mod.rs

err-com-kb-title-short = Écrivez un titre d’au moins 3 caractères.
err-com-kb-title-long = Le titre doit faire moins de { $max } caractères.
err-com-kb-title-control = Le titre ne peut pas contenir de caractères de contrôle.
err-com-kb-body-empty = Rédigez l’article.
err-com-kb-body-long = L’article doit faire moins de { $max } caractères.
err-com-kb-category-long = La catégorie doit faire moins de { $max } caractères.
err-com-kb-category-chars = Dans les catégories, utilisez des lettres, des chiffres, des espaces, des traits d’union et &.
err-com-kb-version-conflict = Quelqu’un a enregistré la version { $saved } de cet article après la version { $edited } que vous avez modifiée ; rechargez-le et appliquez de nouveau vos modifications.
err-com-kb-state = Utilisez published, draft ou archived.
err-com-kb-state-filter = Utilisez published, draft, archived ou all.
err-com-kb-promote-unanswered = Seul un sujet avec une réponse acceptée peut devenir un article ; acceptez d’abord une réponse.
err-com-kb-promote-case-open = Seul un dossier résolu ou clos peut devenir un article.
err-com-kb-promote-case-no-reply = Ce dossier n’a aucune réponse à transformer en solution.

## knowledge/deflection.rs

err-com-draft-token = pas un jeton de session de rédaction
err-com-deflection-target = les suggestions sont des sujets ou des articles

## gate.rs

err-com-gate-posts-per-hour = Au niveau de confiance « { $level } », vous pouvez publier { $max ->
    [1] une fois
   *[other] { $max } fois
} par heure. Vous pourrez publier de nouveau dans { $minutes ->
    [1] une minute
   *[other] { $minutes } minutes
} ; votre texte est conservé ci-dessous.
err-com-gate-links = Au niveau de confiance « { $level } », une publication peut contenir au plus { $max ->
    [1] un lien
   *[other] { $max } liens
} ; celle-ci en contient { $links }. Les limites s’assouplissent à mesure que vous participez.
err-com-gate-no-images = Au niveau de confiance « { $level } », vous ne pouvez pas encore inclure d’images. Les limites s’assouplissent à mesure que vous participez.
err-com-gate-images = Au niveau de confiance « { $level } », une publication peut contenir au plus { $max ->
    [1] une image
   *[other] { $max } images
} ; celle-ci en contient { $images }. Les limites s’assouplissent à mesure que vous participez.
err-com-gate-blocked = Cette communauté n’autorise pas : { $words }. Veuillez reformuler.

## secrets.rs

err-com-secret-key-bad = une clé secrète doit faire 32 octets en base64 ({ $detail })
err-com-rotation-unfinished = { $path } existe : une rotation précédente n’a pas abouti ; démarrez chorus une fois pour la terminer

## search.rs

err-com-search-type = type inconnu { $value } : utilisez topic, reply, article, event_question ou mention
err-com-search-from-to = doit être antérieur à to
err-com-search-offset = doit être compris entre 0 et { $max }

## flows.rs

err-com-guest-kind = Choisissez le type de votre publication.
err-com-canned-none = Cette réponse type n’existe pas.
err-com-thanks-empty = Écrivez un remerciement ou choisissez une réponse type.
err-com-feature-consent = Demandez d’abord à l’auteur : ne mettez ses mots en avant qu’avec son accord.
err-com-feature-email = Les e-mails sont privés : demandez plutôt au client de publier son compliment dans la communauté.
err-com-town-hall-unanswered = aucune question n’a encore de réponse officielle
