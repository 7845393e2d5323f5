// Pagefind's search box on /cari/, in Indonesian, with links under the site's base path.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("pencarian");
  if (!box || !window.PagefindUI) return;
  // The index in parts (the newest year alone, older years together), the newest first: the
  // others are merged into it.
  var bundles = (box.dataset.bundles || "").split(" ").filter(Boolean);
  new PagefindUI({
    element: "#pencarian",
    baseUrl: box.dataset.base,
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path }; }),
    showSubResults: false,
    showImages: false,
    // A filter value with no result for the words typed is not offered ("Prestasi (0)").
    showEmptyFilters: false,
    translations: {
      placeholder: "Cari berita, misalnya kewirausahaan",
      clear_search: "Hapus",
      load_more: "Tampilkan lebih banyak",
      search_label: "Cari di situs ini",
      filters_label: "Saring",
      zero_results: "Tidak ada hasil untuk [SEARCH_TERM]",
      many_results: "[COUNT] hasil untuk [SEARCH_TERM]",
      one_result: "[COUNT] hasil untuk [SEARCH_TERM]",
      alt_search: "Tidak ada hasil untuk [SEARCH_TERM]. Menampilkan hasil untuk [DIFFERENT_TERM]",
      search_suggestion: "Tidak ada hasil untuk [SEARCH_TERM]. Coba kata lain:",
      searching: "Mencari [SEARCH_TERM]…"
    }
  });
  var input = box.querySelector("input");
  if (!input) return;
  // The visible heading names the search field (Pagefind gives it only a title).
  input.setAttribute("aria-labelledby", "judul-cari");
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) {
    input.value = params.get("q");
    input.dispatchEvent(new Event("input"));
  }
});
