"""Trend plots as SVG, drawn on the server by pygal: no script (pygal's optional JavaScript is
switched off and the config script it always writes is taken out), a <title> for screen readers,
and the same figures as the table next to it. Suppressed cells are left out, never drawn as zero.
"""

from xml.etree import ElementTree

import pygal
from django.utils.translation import gettext as _

from insights.selectors import Figure


def bar_chart(title: str, rows: list[Figure]) -> bytes:
    chart = pygal.HorizontalBar(
        js=[],
        title=title,
        show_legend=False,
        width=720,
        height=60 + 32 * len(rows),
        print_values=True,
        explicit_size=True,
        style=pygal.style.DefaultStyle(font_family="sans-serif", colors=("#1f5f8b",)),
    )
    chart.x_labels = [row.label for row in rows]
    chart.add(_("Aantal meldingen"), [row.count for row in rows])
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in [c for c in parent if c.tag == "script"]:
            parent.remove(child)
    return ElementTree.tostring(tree, encoding="utf-8", xml_declaration=True)
