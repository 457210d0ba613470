# Knowledge base: the index, articles, writing, the review queue and promotion.

kb-title = Knowledge base
kb-feed-title = Knowledge base
kb-feeds = Feeds
kb-feed-link = Atom feed of articles
kb-new-article = New article
kb-edit-title = Edit article
kb-review-title = Review queue
kb-search-label = Search articles
kb-search-button = Search
kb-empty = No articles yet.
kb-empty-in-category = No articles in { $category } yet.
kb-categories = Categories
kb-all-categories = All
kb-updated = updated
kb-published = published
kb-views = { $n ->
    [one] { $n } view
   *[other] { $n } views
}
kb-helpful-none = no votes yet
kb-helpful-count = { $n ->
    [one] { $yes } of { $n } found it helpful
   *[other] { $yes } of { $n } found it helpful
}

kb-not-public-draft = This article is draft: only staff can see it.
kb-not-public-archived = This article is archived: only staff can see it.
kb-source-link = Original conversation
kb-transcript = Video transcript
kb-helpful-question = Was this helpful?
kb-helpful-yes = Yes
kb-helpful-no = No
kb-solves-it = This solves my problem, no need to post
kb-staff-heading = Staff
kb-edit = Edit
kb-publish = Publish
kb-publish-named = Publish { $title }
kb-unpublish = Unpublish
kb-archive = Archive
kb-transcript-label = Video transcript or captions (plain text, searched with the article; empty removes it)
kb-transcript-save = Save the transcript
kb-versions = Versions
kb-version = Version { $version }: “{ $title }” by { $editor }
kb-version-someone = someone

kb-field-title = Title
kb-field-title-hint = What the reader wants to do or fix, in their words.
kb-field-body = Article
kb-field-body-hint = Markdown works: ## headings, lists, `code`, links.
kb-field-category = Category (optional)
kb-save-version = Save new version
kb-save-draft = Save draft
kb-cancel = Cancel

kb-review-intro = Drafts written by staff or promoted from answered topics and resolved cases.
kb-review-manager-publishes = A manager publishes them.
kb-review-empty = No drafts waiting.
kb-review-caption = Draft articles
kb-review-written = written
kb-col-title = Title
kb-col-author = Author
kb-col-updated = Updated
kb-col-from = From
kb-col-action = Action

kb-flash-thanks = Thank you for your feedback.
kb-flash-transcript-saved = Transcript saved: it is searched with the article.
kb-flash-draft-saved = Draft saved. A manager publishes it from the review queue.
kb-flash-version-saved = Saved as a new version; earlier versions stay in the history.
kb-flash-published = Published: the article is public and suggested to writers.
kb-flash-archived = Archived: the article left the knowledge base.
kb-flash-unpublished = Moved back to draft.
kb-flash-promoted-topic = Draft article created from the question and its accepted answer. Edit it, then a manager publishes it.
kb-flash-topic-has-article = This topic already has an article.
kb-flash-promoted-case = Draft article created from the case. Edit it, then a manager publishes it.
kb-flash-case-has-article = This case already has an article.
