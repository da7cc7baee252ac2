// op: str.isidentifier
// sig: str -> bool
// tolerance: exact
// domain: {"alphabet": "aZ_09 \u00e9\u0301\u02b0\u2118\u212e\u309b\u00b7\u0387\u1369\u4e00\u0663\u2160$-"}
// note: first char XID_Start or '_', the rest XID_Continue (CPython's _PyUnicode_ScanIdentifier; tables from this CPython); empty -> False
namespace oplib::str {
inline bool isidentifier(const rt::str& self) { return rt::unicode::is_identifier(self.utf8()); }
}  // namespace oplib::str
