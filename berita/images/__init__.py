"""Photos: which sizes each page needs (media), their making (picture, jpegblocks), and the
link-preview cards drawn for articles (cards, lettering)."""
