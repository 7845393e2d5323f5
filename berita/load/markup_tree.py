"""What berita does to each article's element tree once the Markdown is parsed: every address
through the document's resolver (markup_addresses), each table in a box that scrolls on its own,
and each image with variants made a responsive <picture>.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator

from markdown.treeprocessors import Treeprocessor

from ..model import Picture
from .markup_addresses import Resolver, resolve_raw_html, resolve_tree_links

# href of an image -> its responsive variants, or None to leave the <img> as it is.
Pictures = Callable[[str], "Picture | None"]
BODY_IMAGE_SIZES = "(min-width: 42rem) 42rem, 100vw"


class TreeRewriter(Treeprocessor):
    """Sends every address (`a[href]`, `img[src]`, and the author's own HTML's: TREE_ADDRESSES,
    RAW_ADDRESSES) through the current document's resolver, puts each table in its scrolling box,
    and turns images with variants into <picture> elements."""

    resolver: Resolver | None = None
    pictures: Pictures | None = None

    def run(self, root: etree.Element) -> None:
        if self.resolver is not None:
            stash = self.md.htmlStash.rawHtmlBlocks
            # Elements of the author's own HTML are in the tree when in a markdown="1" block.
            resolve_tree_links(root, self.resolver, every_element=bool(stash))
            # The rest of the author's own HTML is still text in the stash, put back after the tree is written.
            for index, block in enumerate(stash):
                if isinstance(block, str):
                    stash[index] = resolve_raw_html(block, self.resolver)
        _wrap_tables(root)
        if self.pictures is not None and root.find(".//img") is not None:
            for parent in _parents_of(root, "img"):
                for index, child in enumerate(list(parent)):
                    picture = self.pictures(child.get("src", "")) if child.tag == "img" else None
                    if picture is not None:
                        parent.remove(child)
                        parent.insert(index, _picture_element(child, picture))


def _parents_of(root: etree.Element, tag: str) -> Iterator[etree.Element]:
    """The elements with a `tag` child, in document order; the list of elements is taken before
    the caller changes the tree, and each one is asked when its turn comes, as the loop it replaces did."""
    for parent in list(root.iter()):
        if parent.find(tag) is not None:
            yield parent


def _wrap_tables(root: etree.Element) -> None:
    """Puts each table in a box that scrolls on its own (a table may be wider than a phone),
    which the keyboard can reach and a screen reader names."""
    if root.find(".//table") is None:
        return
    for parent in _parents_of(root, "table"):
        for index, child in enumerate(list(parent)):
            if child.tag == "table":
                box = etree.Element(
                    "div", {"class": "table-scroll", "role": "region", "aria-label": "Tabel", "tabindex": "0"}
                )
                box.tail, child.tail = child.tail, None
                parent.remove(child)
                box.append(child)
                parent.insert(index, box)


def _picture_element(img: etree.Element, picture: Picture) -> etree.Element:
    """<picture> with a WebP <source> and the <img> given srcset, sizes, dimensions and lazy loading."""
    element = etree.Element("picture")
    element.tail, img.tail = img.tail, None
    if picture.webp_srcset:
        etree.SubElement(element, "source", type="image/webp", srcset=picture.webp_srcset, sizes=BODY_IMAGE_SIZES)
    img.set("src", picture.src)
    img.set("srcset", picture.srcset)
    img.set("sizes", BODY_IMAGE_SIZES)
    img.set("width", str(picture.width))
    img.set("height", str(picture.height))
    # Images in the text are below the fold: the browser may wait until the reader scrolls.
    img.set("loading", "lazy")
    img.set("decoding", "async")
    element.append(img)
    return element
