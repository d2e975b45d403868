# SPDX-License-Identifier: GPL-2.0
"""Writes a Node tree back as DTS text that plain dtc compiles (no preprocessor).

Values are printed the way dtc decompiles them (strings, <cells> or [bytes]); phandles
stay numbers and each referenced node keeps its phandle property, so references hold
without labels. A node may carry comment lines (why dt-trim kept it).
"""

from .devtree import is_strings, u32s


def _escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def format_value(name, value):
    if not value:
        return None
    if is_strings(value) and name not in ("reg", "ranges", "interrupts", "phandle"):
        parts = bytes(value[:-1]).split(b"\0")
        return ", ".join('"%s"' % _escape(p.decode("ascii")) for p in parts)
    if len(value) % 4 == 0:
        return "<%s>" % " ".join("0x%x" % c for c in u32s(value))
    return "[%s]" % " ".join("%02x" % b for b in value)


def _write_node(node, out, depth, comments):
    ind = "\t" * depth
    for line in comments.get(node, []):
        out.append("%s/* %s */" % (ind, line))
    out.append("%s%s {" % (ind, node.name if node.parent is not None else "/"))
    for name, value in node.props.items():
        v = format_value(name, value)
        out.append("%s\t%s;" % (ind, name) if v is None else "%s\t%s = %s;" % (ind, name, v))
    for child in node.children:
        out.append("")
        _write_node(child, out, depth + 1, comments)
    out.append("%s};" % ind)


def write_dts(root, header_lines, comments=None, memreserve=()):
    out = ["// SPDX-License-Identifier: GPL-2.0", "/*"]
    out += [(" * " + line).rstrip() for line in header_lines]
    out += [" */", "", "/dts-v1/;", ""]
    for addr, size in memreserve:
        out.append("/memreserve/ 0x%x 0x%x;" % (addr, size))
    if memreserve:
        out.append("")
    _write_node(root, out, 0, comments or {})
    return "\n".join(out) + "\n"
