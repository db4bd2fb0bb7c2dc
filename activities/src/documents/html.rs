//! HTML to text: boilerplate (navigation, headers, footers, scripts, forms) dropped,
//! headings kept as Markdown headings, lists as items, and tables as Markdown tables.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use regex::Regex;
use scraper::node::Text;
use scraper::{Html, Node};

/// Elements whose content is never part of the document's text.
/// (A form's labels and legends are read, as a visitor sees them: a calculator's fares
/// and rates; its fields, menus and buttons are not.)
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "del", "s", "strike",
    "button", "svg", "iframe", "head", "select", "option", "input", "textarea",
];

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "caption",
    "address",
    "hr",
    "aside",
    "header",
    "form",
    "fieldset",
    "legend",
    "label",
];

/// The text of an HTML page, as Markdown-like text. The page's `<title>` comes first, on
/// a line of its own: a page captured from a website may name its program nowhere else
/// ("Earn miles with partners | Royal Orchid Plus | Thai Airways").
pub fn html_to_text(html: &str) -> String {
    let mut document = Html::parse_document(html);
    set_styled_blocks_apart(&mut document);
    let mut out = String::new();
    if let Some(title) = page_title(&document) {
        out.push_str(&title);
        out.push_str("\n\n");
    }
    render(document.tree.root(), &mut out);
    tidy(&out)
}

/// Elements that the page's style sheet sets as blocks ("Mofofisi<span class=en>Operated
/// by</span>" with `.en { display: block }`) read apart from the words beside them, as a
/// browser shows them, instead of running into them ("MofofisiOperated by").
fn set_styled_blocks_apart(document: &mut Html) {
    static RULE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([^{}]+)\{([^{}]*)\}").expect("valid regex"));
    static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\bdisplay\s*:\s*(?:block|flex|grid|list-item|table|inline-block|inline-flex)\b",
        )
        .expect("valid regex")
    });
    static LAST_CLASS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\.([A-Za-z_][\w-]*)(?:::?[\w-]+)?\s*$").expect("valid regex")
    });
    let sheets: String = document
        .tree
        .root()
        .descendants()
        .filter(|node| {
            node.value()
                .as_element()
                .is_some_and(|element| element.name() == "style")
        })
        .flat_map(|style| style.descendants())
        .filter_map(|node| node.value().as_text().map(|text| text.to_string()))
        .collect();
    let mut classes: HashSet<String> = HashSet::new();
    for rule in RULE.captures_iter(&sheets) {
        if !BLOCK.is_match(&rule[2]) {
            continue;
        }
        for selector in rule[1].split(',') {
            // (A pseudo-element's box, "::after", holds no element's text.)
            if selector.contains("::")
                || selector.contains(":after")
                || selector.contains(":before")
            {
                continue;
            }
            if let Some(class) = LAST_CLASS.captures(selector.trim()) {
                classes.insert(class[1].to_owned());
            }
        }
    }
    if classes.is_empty() {
        return;
    }
    let styled: Vec<ego_tree::NodeId> = document
        .tree
        .root()
        .descendants()
        .filter(|node| {
            node.value().as_element().is_some_and(|element| {
                !BLOCKS.contains(&element.name())
                    && element.classes().any(|class| classes.contains(class))
            })
        })
        .map(|node| node.id())
        .collect();
    for id in styled {
        if let Some(mut node) = document.tree.get_mut(id) {
            node.insert_before(Node::Text(Text { text: "\n".into() }));
            node.insert_after(Node::Text(Text { text: "\n".into() }));
        }
    }
}

/// The `<title>` of a page, its parts set apart by middle dots instead of bars (a bar
/// would make the line a table row).
fn page_title(document: &Html) -> Option<String> {
    let title = document.tree.root().descendants().find(|node| {
        node.value()
            .as_element()
            .is_some_and(|element| element.name() == "title")
    })?;
    let text: String = title
        .descendants()
        .filter_map(|node| node.value().as_text().map(|text| text.to_string()))
        .collect();
    let text = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "·");
    (!text.is_empty()).then_some(text)
}

/// Of a page's footer, only its footnotes ("* Flights operated by … earn at least 500
/// miles", "¹ …") and statements of alliances: the rest is links and legal lines.
fn render_footnotes(footer: NodeRef<'_, Node>, out: &mut String) {
    const MARKS: &[char] = &['*', '†', '‡', '§', '¹', '²', '³', '⁴'];
    for paragraph in footer.descendants().filter(|node| {
        node.value()
            .as_element()
            .is_some_and(|element| matches!(element.name(), "p" | "li"))
    }) {
        let text: String = paragraph
            .descendants()
            .filter_map(|node| node.value().as_text().map(|text| text.to_string()))
            .collect();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let numbered =
            text.starts_with('(') && text[1..].chars().next().is_some_and(|c| c.is_ascii_digit());
        // "ANA is a Star Alliance member": a statement of alliances is kept too.
        let lower = text.to_lowercase();
        let membership = lower.contains("member")
            && ["star alliance", "oneworld", "skyteam"]
                .iter()
                .any(|alliance| lower.contains(alliance));
        if text.starts_with(MARKS) || numbered || membership {
            out.push_str("\n\n");
            out.push_str(&text);
            out.push_str("\n\n");
        }
    }
}

/// A panel a row of tabs shows: its role says so, or its class ("tab-con", "tab-pane").
fn is_tab_panel(element: &scraper::node::Element) -> bool {
    element.attr("role") == Some("tabpanel")
        || (element.id().is_some()
            && element.classes().any(|class| {
                let class = class.to_ascii_lowercase();
                class.starts_with("tab-") || class.starts_with("tab_") || class == "tabpanel"
            }))
}

/// The text of the tab that shows a tab panel: the element its `aria-labelledby` names,
/// or the tab whose `aria-controls` or link points at the panel.
fn tab_label(panel: NodeRef<'_, Node>) -> Option<String> {
    let element = panel.value().as_element()?;
    let root = panel.ancestors().last()?;
    let id = element.id();
    let labelled_by = element.attr("aria-labelledby");
    // `<li data-tab="hu">` for `<div class="tab-con" id="tab-hu">`: a script's tabs name
    // their panel by its id, or by the part of it after "tab-".
    let names_panel = |value: &str, id: &str| {
        let value = value.trim_start_matches('#');
        !value.is_empty()
            && (value == id
                || id.strip_prefix("tab-") == Some(value)
                || id.strip_prefix("tab_") == Some(value)
                || id.strip_suffix("-panel") == Some(value)
                || id.strip_suffix("-tab") == Some(value))
    };
    let tab = root.descendants().find(|node| {
        node.value().as_element().is_some_and(|other| {
            labelled_by.is_some_and(|wanted| other.id() == Some(wanted))
                || (other.attr("role") == Some("tab")
                    && id.is_some_and(|id| {
                        other.attr("aria-controls") == Some(id)
                            || other.attr("href") == Some(format!("#{id}").as_str())
                    }))
                || id.is_some_and(|id| {
                    ["data-tab", "data-target", "data-bs-target", "data-panel"]
                        .iter()
                        .filter_map(|name| other.attr(name))
                        .any(|value| names_panel(value, id))
                })
        })
    })?;
    let text: String = tab
        .descendants()
        .filter_map(|node| node.value().as_text().map(|text| text.to_string()))
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn render(node: NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(text) => push_inline(out, text),
        Node::Element(element) => {
            let name = element.name();
            if name == "footer" {
                render_footnotes(node, out);
                return;
            }
            // A header inside the main content heads a section ("Air France (AF ·
            // SkyTeam)" over its rates), not the page.
            let section_header = name == "header" && within_main_content(node);
            if (SKIPPED.contains(&name) && !section_header)
                || is_boilerplate(element)
                || is_link_bar(node)
            {
                return;
            }
            // A sidebar is furniture; an aside inside the page's main content (a key to a
            // table's marks and cabins) is content.
            if name == "aside" && !within_main_content(node) {
                return;
            }
            // A tab's panel under its tab's label ("Delta Air Lines (DL)"), which the
            // row of tabs, a menu, does not keep.
            if is_tab_panel(element)
                && let Some(label) = tab_label(node)
            {
                out.push_str("\n\n### ");
                out.push_str(&label);
                out.push_str("\n\n");
            }
            match name {
                // A definition list ("Gold" → "1,200 Tier Points") reads as a two-column
                // table without a header.
                "dl" => {
                    out.push_str("\n\n");
                    render_definitions(node, out);
                    out.push('\n');
                }
                // A table that lays out the page (or holds headings, paragraphs or other
                // tables in its cells) is read as the blocks in its cells, in order.
                "table" if is_layout_table(node) => {
                    for cell in node.descendants().filter(|cell| is_cell_of(cell, node)) {
                        out.push_str("\n\n");
                        render_children(cell, out);
                        out.push_str("\n\n");
                    }
                }
                _ if matches!(role(&node), "table" | "grid")
                    && node.descendants().any(|child| role(&child) == "row") =>
                {
                    out.push_str("\n\n");
                    render_aria_table(node, out);
                    out.push('\n');
                }
                "table" => {
                    // "<caption>Tickets issued from 1 April 2025</caption>": the heading
                    // of the table, which may say when it holds.
                    for caption in node.children().filter(|child| {
                        matches!(child.value(), Node::Element(element) if element.name() == "caption")
                    }) {
                        out.push_str("\n\n### ");
                        render_children(caption, out);
                        out.push_str("\n\n");
                    }
                    out.push_str("\n\n");
                    render_table(node, out);
                    out.push('\n');
                }
                "br" => out.push('\n'),
                // "Business Flex<sup>1</sup>": a footnote's number, set as one ("Flex¹")
                // rather than run into the word before it.
                "sup" => {
                    let mut text = String::new();
                    render_children(node, &mut text);
                    let mark = text.trim();
                    if !mark.is_empty()
                        && mark.len() <= 2
                        && mark.chars().all(|c| c.is_ascii_digit())
                    {
                        out.extend(mark.chars().map(superscript));
                    } else {
                        out.push_str(&text);
                    }
                }
                "li" => {
                    out.push_str("\n- ");
                    render_children(node, out);
                }
                heading if heading.len() == 2 && heading.starts_with('h') => {
                    let level = heading[1..].parse::<usize>().unwrap_or(1).clamp(1, 6);
                    out.push_str("\n\n");
                    out.push_str(&"#".repeat(level));
                    out.push(' ');
                    render_children(node, out);
                    out.push_str("\n\n");
                }
                block if BLOCKS.contains(&block) => {
                    out.push_str("\n\n");
                    render_children(node, out);
                    out.push_str("\n\n");
                }
                _ => render_children(node, out),
            }
        }
        _ => render_children(node, out),
    }
}

/// Whether a node sits inside the page's `<main>` or an `<article>`.
fn within_main_content(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|ancestor| {
        matches!(ancestor.value(), Node::Element(element) if matches!(element.name(), "main" | "article"))
    })
}

/// A digit as a superscript ('1' → '¹').
fn superscript(digit: char) -> char {
    match digit {
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        other => char::from_u32(0x2070 + other.to_digit(10).unwrap_or(0)).unwrap_or(other),
    }
}

/// Whether a table lays out content rather than holding data.
fn is_layout_table(table: NodeRef<'_, Node>) -> bool {
    const BLOCK_CONTENT: &[&str] = &[
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "table", "main", "section", "article",
        "aside", "nav", "div", "header", "footer", "dl",
    ];
    let Node::Element(element) = table.value() else {
        return false;
    };
    if matches!(element.attr("role"), Some("presentation" | "none")) {
        return true;
    }
    table.descendants().skip(1).any(|node| {
        matches!(node.value(), Node::Element(inner) if BLOCK_CONTENT.contains(&inner.name()))
    })
}

/// Whether `node` is a cell of `table` itself (not of a table nested in it).
fn is_cell_of(node: &NodeRef<'_, Node>, table: NodeRef<'_, Node>) -> bool {
    let is_cell =
        matches!(node.value(), Node::Element(element) if matches!(element.name(), "td" | "th"));
    is_cell
        && node
            .ancestors()
            .find(|ancestor| matches!(ancestor.value(), Node::Element(element) if element.name() == "table"))
            .is_some_and(|owner| owner.id() == table.id())
}

/// A block of links and nothing else ("Book Check-in My Trips SkyMiles Help", a list of
/// "In this section" links): a menu, whatever its markup calls it.
fn is_link_bar(node: NodeRef<'_, Node>) -> bool {
    let Node::Element(element) = node.value() else {
        return false;
    };
    if !matches!(element.name(), "div" | "ul" | "ol" | "p" | "section") {
        return false;
    }
    let is_link = |node: NodeRef<'_, Node>| matches!(node.value(), Node::Element(element) if element.name() == "a");
    let in_link = |text: NodeRef<'_, Node>| {
        text.ancestors()
            .take_while(|ancestor| ancestor.id() != node.id())
            .any(is_link)
    };
    // The first text outside a link ends the walk, so a page's blocks are not walked whole.
    node.descendants()
        .all(|descendant| match descendant.value() {
            Node::Text(text) => text.trim().is_empty() || in_link(descendant),
            _ => true,
        })
        && node
            .descendants()
            .filter(|descendant| is_link(*descendant))
            .nth(1)
            .is_some()
}

/// Page furniture marked by its class, id or role: cookie banners, menus, sidebars.
fn is_boilerplate(element: &scraper::node::Element) -> bool {
    const MARKERS: &[&str] = &[
        "cookie",
        "consent",
        "gdpr",
        "banner",
        "navbar",
        "menu",
        "sidebar",
        "breadcrumb",
        "footer",
        "masthead",
        "newsletter",
        "social",
        "share",
        "skip-link",
    ];
    let role = element.attr("role").unwrap_or_default();
    if matches!(
        role,
        "navigation" | "banner" | "contentinfo" | "complementary" | "dialog"
    ) {
        return true;
    }
    ["class", "id"].iter().any(|attribute| {
        element.attr(attribute).is_some_and(|value| {
            let value = value.to_lowercase();
            MARKERS.iter().any(|marker| value.contains(marker))
        })
    })
}

fn render_children(node: NodeRef<'_, Node>, out: &mut String) {
    for child in node.children() {
        render(child, out);
    }
}

/// Appends text with its whitespace collapsed, keeping one space between words.
fn push_inline(out: &mut String, text: &str) {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        if text.chars().next().is_some_and(char::is_whitespace) && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        return;
    }
    if text.starts_with(char::is_whitespace) && !out.ends_with([' ', '\n']) && !out.is_empty() {
        out.push(' ');
    }
    out.push_str(&collapsed);
    if text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

fn render_definitions(list: NodeRef<'_, Node>, out: &mut String) {
    let mut rows: Vec<[String; 2]> = Vec::new();
    for child in list.children() {
        let Node::Element(element) = child.value() else {
            continue;
        };
        let mut text = String::new();
        render_children(child, &mut text);
        let text = tidy(&text).replace('\n', " ").replace('|', "\\|");
        match (element.name(), rows.last_mut()) {
            ("dt", _) => rows.push([text, String::new()]),
            ("dd", Some(row)) if row[1].is_empty() => row[1] = text,
            ("dd", _) => rows.push([String::new(), text]),
            _ => {}
        }
    }
    if rows.is_empty() {
        return;
    }
    // An empty header: the entries are all rows.
    out.push_str("|  |  |\n|---|---|\n");
    for [term, description] in rows {
        out.push_str(&format!("| {term} | {description} |\n"));
    }
}

/// A table as Markdown rows; the first row is the header.
fn render_table(table: NodeRef<'_, Node>, out: &mut String) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    collect_rows(table, &mut rows);
    write_rows(&rows, out);
}

/// A table made of `<div role="row">` and `<span role="cell">` (a CSS grid), read as the
/// table it shows.
fn render_aria_table(table: NodeRef<'_, Node>, out: &mut String) {
    let is_cell = |node: &NodeRef<'_, Node>| {
        matches!(
            role(node),
            "cell" | "gridcell" | "columnheader" | "rowheader"
        )
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for row in table.descendants().filter(|node| role(node) == "row") {
        let cells: Vec<String> = row
            .descendants()
            .filter(|node| {
                is_cell(node)
                    && node
                        .ancestors()
                        .find(|ancestor| role(ancestor) == "row")
                        .is_some_and(|owner| owner.id() == row.id())
            })
            .map(|cell| {
                let mut text = String::new();
                render_children(cell, &mut text);
                tidy(&text).replace('\n', " ").replace('|', "\\|")
            })
            .collect();
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    write_rows(&rows, out);
}

/// An element's ARIA role ("row", "cell"); empty for none.
fn role<'a>(node: &NodeRef<'a, Node>) -> &'a str {
    node.value()
        .as_element()
        .and_then(|element| element.attr("role"))
        .unwrap_or_default()
}

/// Rows as a Markdown table, the first row its header.
fn write_rows(rows: &[Vec<String>], out: &mut String) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for (index, row) in rows.iter().enumerate() {
        let mut cells = row.clone();
        cells.resize(width, String::new());
        out.push_str("| ");
        out.push_str(&cells.join(" | "));
        out.push_str(" |\n");
        if index == 0 {
            out.push_str(&format!("|{}\n", "---|".repeat(width)));
        }
    }
}

/// A cell spanning rows below its own: its text and how many more rows it covers.
type RowSpan = Option<(String, usize)>;

/// Collects a table's rows; a cell spanning rows or columns is repeated in each row and
/// column it covers, so that every row has all its cells.
fn collect_rows(node: NodeRef<'_, Node>, rows: &mut Vec<Vec<String>>) {
    let mut spans: Vec<RowSpan> = Vec::new();
    collect_spanned_rows(node, rows, &mut spans);
}

fn collect_spanned_rows(
    node: NodeRef<'_, Node>,
    rows: &mut Vec<Vec<String>>,
    spans: &mut Vec<RowSpan>,
) {
    for child in node.children() {
        let Node::Element(element) = child.value() else {
            continue;
        };
        match element.name() {
            "tr" => rows.push(spanned_row(child, spans)),
            // Nested tables are read as their own rows.
            "table" => collect_rows(child, rows),
            "thead" | "tbody" | "tfoot" => collect_spanned_rows(child, rows, spans),
            _ => {}
        }
    }
}

/// One row's cells, with the cells of rows above that span down into it.
fn spanned_row(row: NodeRef<'_, Node>, spans: &mut Vec<RowSpan>) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    let take_spans = |cells: &mut Vec<String>, spans: &mut Vec<RowSpan>| {
        while let Some(Some((text, left))) = spans.get_mut(cells.len()) {
            cells.push(text.clone());
            *left -= 1;
            if *left == 0 {
                spans[cells.len() - 1] = None;
            }
        }
    };
    for cell in row.children() {
        let Node::Element(element) = cell.value() else {
            continue;
        };
        if !matches!(element.name(), "td" | "th") {
            continue;
        }
        take_spans(&mut cells, spans);
        let mut text = String::new();
        render_children(cell, &mut text);
        let text = tidy(&text).replace('\n', " ").replace('|', "\\|");
        let span = |name: &str| {
            element
                .attr(name)
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 50)
        };
        for _ in 0..span("colspan") {
            if span("rowspan") > 1 {
                if spans.len() <= cells.len() {
                    spans.resize(cells.len() + 1, None);
                }
                spans[cells.len()] = Some((text.clone(), span("rowspan") - 1));
            }
            cells.push(text.clone());
        }
    }
    take_spans(&mut cells, spans);
    cells
}

/// Trims lines and squeezes runs of blank lines to one.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() && lines.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_and_tables_and_drops_boilerplate() {
        let html = "<html><head><title>Earn | Heron Miles</title><script>var x;</script></head><body>\
            <nav><a>Home</a> | <a>Book</a></nav><h1>Earning &amp; burning</h1>\
            <p>Earn <b>miles</b> on\n   partners.</p>\
            <table><thead><tr><th>Cabin</th><th>Classes</th></tr></thead>\
            <tbody><tr><td>Business</td><td>J, C</td></tr></tbody></table>\
            <footer>© 2026</footer></body></html>";
        let text = html_to_text(html);
        assert_eq!(
            text,
            "Earn · Heron Miles\n\n# Earning & burning\n\nEarn miles on partners.\n\n| Cabin | Classes |\n|---|---|\n| Business | J, C |"
        );
    }

    #[test]
    fn a_table_caption_heads_its_table_and_struck_text_is_left_out() {
        let html = "<body><table><caption>Tickets issued from 1 April 2025</caption>\
            <tr><th>Classes</th><th>Miles</th></tr><tr><td>J, C</td><td><del>150%</del> 125%</td></tr>\
            </table></body>";
        assert_eq!(
            html_to_text(html),
            "### Tickets issued from 1 April 2025\n\n| Classes | Miles |\n|---|---|\n| J, C | 125% |"
        );
    }

    #[test]
    fn a_forms_labels_are_read_and_its_fields_are_not() {
        let html = "<body><form><label>From <select><option>Muscat (MCT)</option></select></label>\
            <fieldset><legend>Fare family</legend><label><input type=\"radio\">\
            <span>Flexi</span> <span>Y / B</span> <span>125% of the distance</span></label>\
            </fieldset><button>Calculate</button></form></body>";
        assert_eq!(
            html_to_text(html),
            "From\n\nFare family\n\nFlexi Y / B 125% of the distance"
        );
    }

    #[test]
    fn words_the_style_sheet_sets_as_blocks_stay_apart() {
        let html = "<head><style>.en { display: block; } .x::after { display: block; }</style></head>\
            <body><table><tr><th>Mofofisi<span class=\"en\">Operated by</span></th>\
            <th>Kgwebo<span class=\"x\">Business</span></th></tr>\
            <tr><td>Airlink</td><td>125 %</td></tr></table></body>";
        assert_eq!(
            html_to_text(html),
            "| Mofofisi Operated by | KgweboBusiness |\n|---|---|\n| Airlink | 125 % |"
        );
    }

    #[test]
    fn a_footnote_number_set_as_a_superscript_stays_one() {
        let html = "<body><table><tr><th>Fare</th><th>Miles</th></tr>\
            <tr><td>Business Flex<sup>1</sup></td><td>150 %</td></tr></table>\
            <p>Cabin 2<sup>nd</sup> row</p></body>";
        assert_eq!(
            html_to_text(html),
            "| Fare | Miles |\n|---|---|\n| Business Flex¹ | 150 % |\n\nCabin 2nd row"
        );
    }

    #[test]
    fn keeps_the_footnotes_of_a_footer_and_nothing_else() {
        let html = "<body><p>Classes marked * earn a minimum.</p><footer>\
            <p>* Flights operated by TAP earn at least 500 miles.</p>\
            <p><a>Terms</a> · <a>Privacy</a> · © TAP</p></footer></body>";
        assert_eq!(
            html_to_text(html),
            "Classes marked * earn a minimum.\n\n* Flights operated by TAP earn at least 500 miles."
        );
    }

    #[test]
    fn a_tab_panel_goes_under_its_tab_label() {
        let html = "<body><div role=\"tablist\"><a role=\"tab\" href=\"#dl\">Delta Air Lines (DL)</a> <a role=\"tab\" href=\"#af\">Air France (AF)</a></div>\
            <div role=\"tabpanel\" id=\"dl\"><p>Rates below.</p></div></body>";
        assert_eq!(
            html_to_text(html),
            "### Delta Air Lines (DL)\n\nRates below."
        );
    }

    #[test]
    fn repeats_cells_that_span_rows_and_columns() {
        let html = "<table><tr><th>Cabin</th><th colspan=\"2\">Earning</th></tr>\
            <tr><td rowspan=\"2\">Business</td><td>J, C</td><td>150%</td></tr>\
            <tr><td>R, I</td><td>125%</td></tr>\
            <tr><td>Economy</td><td>Y</td><td>100%</td></tr></table>";
        let text = html_to_text(html);
        assert_eq!(
            text,
            "| Cabin | Earning | Earning |\n|---|---|---|\n| Business | J, C | 150% |\n| Business | R, I | 125% |\n| Economy | Y | 100% |"
        );
    }
}
