"""HTML to the Markdown berita renders (Python-Markdown with tables, sane lists and md_in_html).

Written for that dialect, not CommonMark: nested lists are indented four spaces (CommonMark's two
or three make one flat list there), text is escaped as inline.py says. HTML stays HTML where
Markdown cannot say the same: tables with merged cells or blocks inside cells, embedded frames
other than videos, forms, scripts.
"""

from __future__ import annotations

import re

from ..load.lint import script_scheme
from .htmltree import Node, parse_html, write_html
from .inline import Addresses, InlineWriter, escape_text, is_image, markdown_url, runs_inline
from .wpbody import Notes, embed_label

TRANSPARENT = {
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "center",
    "body",
    "span",
    "hgroup",
    "address",
}
KEPT_BLOCKS = {
    "video",
    "audio",
    "object",
    "embed",
    "form",
    "script",
    "style",
    "noscript",
    "canvas",
    "svg",
    "math",
    "details",
    "dl",
    "select",
    "textarea",
    "map",
}
CELL_ATTRIBUTES = {"colspan", "rowspan"}


class MarkdownWriter:
    """One body's HTML as Markdown; what needed keeping as HTML or a person's look goes into `notes`."""

    def __init__(self, addresses: Addresses, notes: Notes) -> None:
        self.addresses, self.notes = addresses, notes
        self.inline = InlineWriter(addresses).inline

    def convert(self, html: str) -> str:
        blocks = self.blocks(parse_html(html).children)
        return "\n\n".join(blocks) + "\n" if blocks else ""

    # Blocks --------------------------------------------------------------------------------

    def blocks(self, children: list[Node | str]) -> list[str]:
        out: list[str] = []
        run: list[Node | str] = []
        for child in children:
            if isinstance(child, str) or runs_inline(child):
                run.append(child)
                continue
            out += self._paragraph(run)
            run = []
            out += self.block(child)
        return out + self._paragraph(run)

    def _paragraph(self, run: list[Node | str]) -> list[str]:
        text = self.inline(run)
        return [text] if text.replace("\xa0", " ").strip() else []

    def block(self, node: Node) -> list[str]:
        tag = node.tag
        if tag == "p":
            return self.blocks(node.children)  # a frame or a table inside a classic paragraph stays a block
        if re.fullmatch(r"h[1-6]", tag):
            text = self.inline(node.children).replace("\n", " ")
            level = max(2, int(tag[1]))  # the title is the page's only h1
            text = re.sub(r"#$", r"\\#", text)  # a closing # would be read as the heading's end
            return [f"{'#' * level} {text}"] if text.strip() else []
        if tag in ("ul", "ol"):
            return [self.list_block(node)] if node.elements() else []
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node.children))
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))] if inner else []
        if tag == "pre":
            return [self._code(node.text())]
        if tag == "hr":
            return ["---"]
        if tag == "table":
            return [self.table(node)]
        if tag == "figure":
            return self.figure(node)
        if tag == "figcaption":
            return self._paragraph(node.children)
        if tag == "iframe":
            return self.frame(node)
        if tag in TRANSPARENT or (
            tag not in KEPT_BLOCKS
            and tag not in ("li", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "option")
        ):
            return self.blocks(node.children)
        if tag in ("script", "form", "object", "embed"):
            self.notes.add(f"<{tag}> di isi tulisan dipertahankan sebagai HTML; periksa apakah masih perlu")
        return [self.raw(node)]

    def list_block(self, node: Node, depth: int = 0) -> str:
        ordered = node.tag == "ol"
        start = int(node.get("start")) if ordered and node.get("start").isdigit() else 1
        lines = []
        for number, item in enumerate(n for n in node.elements() if n.tag == "li"):
            marker = f"{start + number}." if ordered else "-"
            parts = self.blocks(item.children) or [""]
            first, rest = parts[0], parts[1:]
            body = "\n".join(f"    {line}" if line else "" for line in first.split("\n")[1:])
            text = f"{marker} {first.split(chr(10))[0]}" + (f"\n{body}" if body else "")
            for part in rest:
                nested = part.startswith(("- ", "1. ")) or re.match(r"\d+\. ", part)
                indented = "\n".join(f"    {line}" if line else "" for line in part.split("\n"))
                text += ("\n" if nested else "\n\n") + indented
            lines.append(text)
        return "\n".join(lines)

    def _code(self, text: str) -> str:
        fence = "```"
        while fence in text:
            fence += "`"
        return f"{fence}\n{text.strip(chr(10))}\n{fence}"

    def table(self, node: Node) -> str:
        rows = [row for row in _rows(node)]
        cells = [[cell for cell in row.elements() if cell.tag in ("td", "th")] for row in rows]
        simple = (
            len(cells) >= 2
            and all(len(row) == len(cells[0]) and row for row in cells)
            and all(cell.tag == "th" for cell in cells[0])
            and not any(cell.tag == "th" for row in cells[1:] for cell in row)
            and not any(
                CELL_ATTRIBUTES & set(cell.attrs) and any(cell.get(a) not in ("", "1") for a in CELL_ATTRIBUTES)
                for row in cells
                for cell in row
            )
            and all(_only_inline(cell) for row in cells for cell in row)
        )
        if not simple:
            return _scrolling(self.raw(node))
        lines = [self._row(cells[0]), "| " + " | ".join("---" for _ in cells[0]) + " |"]
        return "\n".join(lines + [self._row(row) for row in cells[1:]])

    def _row(self, cells: list[Node]) -> str:
        texts = [self.inline(_unwrapped(cell)).replace("\n", " ") for cell in cells]
        return "| " + " | ".join(texts) + " |"

    def figure(self, node: Node) -> list[str]:
        inside = _flattened(node)
        captions = [n for n in inside if isinstance(n, Node) and n.tag == "figcaption"]
        content = [
            n
            for n in inside
            if not (isinstance(n, Node) and n.tag == "figcaption") and not (isinstance(n, str) and not n.strip())
        ]
        if len(content) == 1 and isinstance(content[0], Node) and is_image(content[0]):
            image = self.inline([content[0]])
            caption = self.inline(captions[0].children).replace("\n", " ") if captions else ""
            if not caption:
                return [image]
            return [f'<figure markdown="1">\n{image}\n<figcaption markdown="span">{caption}</figcaption>\n</figure>']
        out = self.blocks(content)
        for caption in captions:
            out += self._paragraph(caption.children)
        return out

    def frame(self, node: Node) -> list[str]:
        source = node.get("src")
        video = re.match(r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", source)
        url = f"https://www.youtube.com/watch?v={video.group(1)}" if video else source
        label = embed_label(url)
        if label:
            return [f"[{escape_text(label, False)}]({markdown_url(url)})"]
        self.notes.add("<iframe> (bingkai dari situs lain) dipertahankan sebagai HTML; periksa apakah masih perlu")
        return [self.raw(node)]

    def raw(self, node: Node) -> str:
        risky = _runs_code(node)
        if risky:
            self.notes.add(
                f"HTML yang dipertahankan berisi {risky}, yang bisa menjalankan skrip atau mengubah seluruh halaman; hapus bila "
                "tidak perlu, atau nyalakan [security] sanitize"
            )
        html = write_html(
            node, lambda kind, url: self.addresses.image(url) if kind == "image" else self.addresses.link(url)
        )
        html = re.sub(r"\n\s*\n", "\n", html)  # a blank line would end the HTML block early
        return html if node.tag in BLOCK_LEVEL else f"<div>{html}</div>"


# The attributes of HTML kept as it is whose address runs code when followed or loaded (SVG's
# <animate>/<set> put theirs in to, values, from).
CODE_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "to", "values", "from"}


def _runs_code(node: Node) -> str:
    """What of `node` and what is inside it runs code or restyles the page (listed for review:
    the build keeps an author's HTML unless [security] sanitize is on): an on… attribute,
    srcdoc, a script address (lint.script_scheme), <style>; "" when nothing does."""
    for element in [node, *_descendants(node)]:
        if element.tag == "style":
            return "<style>"
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                return f"atribut {name}"
            if name.lower() == "srcdoc":
                return "atribut srcdoc"
            scheme = script_scheme(value) if name.lower() in CODE_ATTRIBUTES else ""
            if scheme:
                return f"alamat {scheme.split(':')[0]}:"
    return ""


def _descendants(node: Node) -> list[Node]:
    found, todo = [], list(node.elements())
    while todo:
        element = todo.pop()
        found.append(element)
        todo += element.elements()
    return found


BLOCK_LEVEL = {
    "address", "article", "aside", "blockquote", "canvas", "center", "details", "div", "dl", "fieldset", "figure",
    "footer", "form", "header", "iframe", "map", "math", "noscript", "object", "ol", "p", "pre", "script", "section",
    "style", "table", "textarea", "ul", "video",
}  # fmt: skip


def _rows(table: Node) -> list[Node]:
    rows = []
    for child in table.elements():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows += [row for row in child.elements() if row.tag == "tr"]
    return rows


def _unwrapped(cell: Node) -> list[Node | str]:
    """A cell's content less one paragraph around it."""
    elements = cell.elements()
    if (
        len(elements) == 1
        and elements[0].tag == "p"
        and not "".join(c for c in cell.children if isinstance(c, str)).strip()
    ):
        return elements[0].children
    return cell.children


def _only_inline(cell: Node) -> bool:
    return all(isinstance(child, str) or (runs_inline(child) and _only_inline(child)) for child in _unwrapped(cell))


def _flattened(node: Node) -> list[Node | str]:
    """A figure's content with the wrappers the block editor puts around it (div, a lone p) opened."""
    out: list[Node | str] = []
    for child in node.children:
        if isinstance(child, Node) and child.tag in ("div", "p") and not child.attrs.get("id"):
            out += _flattened(child)
        else:
            out.append(child)
    return out


def _scrolling(html: str) -> str:
    """A table kept as HTML in the box berita puts its Markdown tables in (markup_tree._wrap_tables)."""
    return f'<div class="table-scroll" role="region" aria-label="Tabel" tabindex="0">\n{html}\n</div>'
