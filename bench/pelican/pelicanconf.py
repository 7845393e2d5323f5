# Pelican settings for the benchmark corpus: default theme, no plugins, what berita builds
# that Pelican can build without plugins: articles at /YYYY/MM/slug/, the home page, tag and
# category pages (10 per page), archives by year, Atom feeds for all, each tag and each
# category (20 entries, full content). berita's link-preview images, JSON-LD, sitemap and
# agenda page have no Pelican equivalent without plugins.
AUTHOR = "Humas Poltekesos Bandung"
SITENAME = "BERITA BENCH"
SITEURL = "https://berita.example.ac.id"
RELATIVE_URLS = False
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = "tag/index.html"
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = "kategori/{slug}/index.html"
ARCHIVES_SAVE_AS = "arsip/index.html"
YEAR_ARCHIVE_SAVE_AS = "arsip/{date:%Y}/index.html"
# one author: berita has no author pages, so neither does this site
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""

FEED_DOMAIN = SITEURL
FEED_MAX_ITEMS = 20
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "kategori/{slug}/feed.xml"
TAG_FEED_ATOM = "tag/{slug}/feed.xml"
FEED_ATOM = None
FEED_RSS = None
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
