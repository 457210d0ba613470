# Base de connaissances : l’index, les articles, la rédaction, la file de relecture et la promotion.

kb-title = Base de connaissances
kb-feed-title = Base de connaissances
kb-feeds = Flux
kb-feed-link = Flux Atom des articles
kb-new-article = Nouvel article
kb-edit-title = Modifier l’article
kb-review-title = File de relecture
kb-search-label = Rechercher dans les articles
kb-search-button = Rechercher
kb-empty = Aucun article pour l’instant.
kb-empty-in-category = Aucun article dans { $category } pour l’instant.
kb-categories = Catégories
kb-all-categories = Toutes
kb-updated = mis à jour
kb-published = publié
kb-views = { $n ->
    [one] { $n } consultation
   *[other] { $n } consultations
}
kb-helpful-none = aucun vote pour l’instant
kb-helpful-count = { $n ->
    [one] utile pour { $yes } personne sur { $n }
   *[other] { $yes ->
        [one] utile pour { $yes } personne sur { $n }
       *[other] utile pour { $yes } personnes sur { $n }
    }
}

kb-not-public-draft = Cet article est un brouillon : seule l’équipe peut le voir.
kb-not-public-archived = Cet article est archivé : seule l’équipe peut le voir.
kb-source-link = Conversation d’origine
kb-transcript = Transcription de la vidéo
kb-helpful-question = Cet article vous a-t-il aidé ?
kb-helpful-yes = Oui
kb-helpful-no = Non
kb-solves-it = Cela résout mon problème, inutile de publier
kb-staff-heading = Équipe
kb-edit = Modifier
kb-publish = Publier
kb-publish-named = Publier { $title }
kb-unpublish = Dépublier
kb-archive = Archiver
kb-transcript-label = Transcription ou sous-titres de la vidéo (texte brut, recherché avec l’article ; vide pour la supprimer)
kb-transcript-save = Enregistrer la transcription
kb-versions = Versions
kb-version = Version { $version } : « { $title } » par { $editor }
kb-version-someone = quelqu’un

kb-field-title = Titre
kb-field-title-hint = Ce que le lecteur veut faire ou corriger, avec ses mots.
kb-field-body = Article
kb-field-body-hint = Markdown fonctionne : ## titres, listes, `code`, liens.
kb-field-category = Catégorie (facultatif)
kb-save-version = Enregistrer une nouvelle version
kb-save-draft = Enregistrer le brouillon
kb-cancel = Annuler

kb-review-intro = Brouillons rédigés par l’équipe ou promus depuis des sujets résolus et des dossiers clos.
kb-review-manager-publishes = Un responsable les publie.
kb-review-empty = Aucun brouillon en attente.
kb-review-caption = Articles en brouillon
kb-review-written = rédigé
kb-col-title = Titre
kb-col-author = Auteur
kb-col-updated = Mis à jour
kb-col-from = Origine
kb-col-action = Action

kb-flash-thanks = Merci pour votre avis.
kb-flash-transcript-saved = Transcription enregistrée : elle est recherchée avec l’article.
kb-flash-draft-saved = Brouillon enregistré. Un responsable le publie depuis la file de relecture.
kb-flash-version-saved = Enregistré comme nouvelle version ; les versions précédentes restent dans l’historique.
kb-flash-published = Publié : l’article est public et proposé aux personnes qui écrivent.
kb-flash-archived = Archivé : l’article a quitté la base de connaissances.
kb-flash-unpublished = Repassé en brouillon.
kb-flash-promoted-topic = Brouillon d’article créé à partir de la question et de sa réponse acceptée. Modifiez-le, puis un responsable le publiera.
kb-flash-topic-has-article = Ce sujet a déjà un article.
kb-flash-promoted-case = Brouillon d’article créé à partir du dossier. Modifiez-le, puis un responsable le publiera.
kb-flash-case-has-article = Ce dossier a déjà un article.
