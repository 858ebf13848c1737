//! Embeds the service catalog in the layout of `src/catalog/layout.rs`: records and hash tables
//! the program reads in place, so no service is ever decoded (see `src/catalog/blob.rs`).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

// The record sizes are for the reader: the writer makes each record field by field.
#[allow(dead_code)]
#[path = "src/catalog/layout.rs"]
mod layout;
#[path = "src/catalog/supplement.rs"]
mod supplement;

use layout::{ACCESS_LEVELS, INDEX_BITS, KEY_TYPES, NONE, cmp_ci, hash_ci, header};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/service-catalog");
    let catalog_path = dir.join("iam-catalog.json");
    let globals_path = dir.join("global-condition-keys.json");
    for path in [&catalog_path, &globals_path] {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    for file in ["build.rs", "src/catalog/layout.rs", "src/catalog/supplement.rs"] {
        println!("cargo:rerun-if-changed={file}");
    }

    let mut catalog = read_json(&catalog_path);
    let globals = read_json(&globals_path);
    let mut w = Writer::default();
    w.words.resize(header::WORDS as usize, 0);

    let services = catalog["services"].as_array_mut().expect("services array");
    let count = |key: &str| services.iter().map(|s| s[key].as_array().map_or(0, Vec::len)).sum::<usize>();
    let counts = [count("actions"), count("resource_types"), count("condition_keys")];
    services.sort_by(|a, b| cmp_ci(text(&a["prefix"]), text(&b["prefix"])));
    for svc in services.iter_mut() {
        supplement_service(svc);
        for list in ["actions", "resource_types", "condition_keys"] {
            svc[list].as_array_mut().expect(list).sort_by(|a, b| cmp_ci(text(&a["name"]), text(&b["name"])));
        }
    }
    w.hot_strings(services);
    let records: Vec<Vec<u32>> = services.iter().map(|svc| w.service(svc)).collect();
    let prefixes: Vec<&str> = services.iter().map(|s| text(&s["prefix"])).collect();
    let prefix_table = w.table(&prefixes);
    let service_list = w.list(records);
    let (arn_service_list, arn_service_table) = w.arn_services(services);

    let sources = catalog["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| ["name", "version", "license"].iter().flat_map(|k| w.str(text(&s[k]))).collect::<Vec<u32>>());
    let sources = sources.collect::<Vec<_>>();
    let sources = w.list(sources);
    let mut keys: Vec<&Value> = globals["keys"].as_array().expect("global keys").iter().collect();
    keys.sort_by(|a, b| cmp_ci(text(&a["name"]), text(&b["name"])));
    let keys = keys.into_iter().map(|k| w.global_key(k)).collect();
    let keys = w.list(keys);

    let date = w.str(text(&catalog["data_date"]));
    let mut fields = vec![(header::DATA_DATE, date), (header::SOURCES, sources), (header::SERVICES, service_list)];
    fields.extend([(header::PREFIXES, prefix_table), (header::GLOBAL_KEYS, keys)]);
    fields.extend([(header::ARN_SERVICES, arn_service_list), (header::ARN_SERVICE_TABLE, arn_service_table)]);
    for (at, [a, b]) in fields {
        w.words[at as usize] = a;
        w.words[at as usize + 1] = b;
    }
    for (at, n) in [header::ACTIONS, header::RESOURCE_TYPES, header::CONDITION_KEYS].into_iter().zip(counts) {
        w.words[at as usize] = word(n);
    }

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let bytes: Vec<u8> = w.words.iter().flat_map(|w| w.to_le_bytes()).collect();
    fs::write(out.join("catalog-records.bin"), bytes).expect("write records");
    fs::write(out.join("catalog-strings.txt"), w.text).expect("write strings");
}

/// Adds the rows of `supplement.rs` to a service, before its lists are sorted.
fn supplement_service(svc: &mut Value) {
    let prefix = text(&svc["prefix"]).to_owned();
    for (_, name, template) in supplement::TEMPLATES.iter().filter(|(p, ..)| *p == prefix) {
        let types = svc["resource_types"].as_array_mut().expect("resource types");
        if let Some(rt) = types.iter_mut().find(|rt| rt["name"] == *name) {
            let documented = rt.as_object_mut().expect("resource type").entry("documented").or_insert(json!([]));
            documented.as_array_mut().expect("documented").push(json!(template));
        }
    }
    for (_, name, template, actions) in supplement::TYPES.iter().filter(|(p, ..)| *p == prefix) {
        let rt = json!({"name": name, "arn": template, "condition_keys": []});
        svc["resource_types"].as_array_mut().expect("resource types").push(rt);
        for action in svc["actions"].as_array_mut().expect("actions") {
            if actions.contains(&text(&action["name"])) {
                let row = json!({"resource_type": name, "required": false, "condition_keys": []});
                action["resource_types"].as_array_mut().expect("action resource types").push(row);
            }
        }
    }
}

#[derive(Default)]
struct Writer {
    words: Vec<u32>,
    text: String,
    /// Each distinct string is stored once: condition key names repeat across actions.
    interned: HashMap<String, [u32; 2]>,
}

impl Writer {
    fn str(&mut self, s: &str) -> [u32; 2] {
        if let Some(&at) = self.interned.get(s) {
            return at;
        }
        let at = [word(self.text.len()), word(s.len())];
        self.text.push_str(s);
        self.interned.insert(s.to_owned(), at);
        at
    }

    fn opt_str(&mut self, v: &Value) -> [u32; 2] {
        v.as_str().map_or([NONE, 0], |s| self.str(s))
    }

    /// Writes records one after another; returns (offset, count).
    fn list(&mut self, records: Vec<Vec<u32>>) -> [u32; 2] {
        let at = word(self.words.len());
        let n = word(records.len());
        for r in records {
            self.words.extend(r);
        }
        [at, n]
    }

    fn strs(&mut self, v: &Value) -> [u32; 2] {
        let items: Vec<&str> = v.as_array().into_iter().flatten().map(text).collect();
        self.str_list(&items)
    }

    fn str_list(&mut self, items: &[&str]) -> [u32; 2] {
        let records = items.iter().map(|s| self.str(s).to_vec()).collect();
        self.list(records)
    }

    /// A table from the ASCII-lowercased names to their index; a later equal name wins.
    fn table(&mut self, names: &[&str]) -> [u32; 2] {
        let slots = table_slots(names.len());
        let mut table: Vec<Option<usize>> = vec![None; slots];
        for (i, name) in names.iter().enumerate() {
            let mut s = hash_ci(name) as usize & (slots - 1);
            while table[s].is_some_and(|j| !names[j].eq_ignore_ascii_case(name)) {
                s = (s + 1) & (slots - 1);
            }
            table[s] = Some(i);
        }
        let at = word(self.words.len());
        for entry in table {
            let words = entry.map_or([0, 0], |i| {
                let packed = slot(i, names[i].len()).unwrap_or_else(|| panic!("table entry too long: {}", names[i]));
                [packed, self.str(names[i])[0]]
            });
            self.words.extend(words);
        }
        [at, word(slots)]
    }

    /// Stores first, side by side, the strings analysis reads, in the order it reads them: what
    /// `catalog()` reads of every service, then each service's action names, resource types
    /// (name, ARN template) and condition key names. Interleaved with the descriptions, which
    /// only hover shows, each name sat on a cache line of its own: scanning a service's actions
    /// touched a line per name (the corpus run had a fifth more last-level cache misses).
    fn hot_strings(&mut self, services: &[Value]) {
        for svc in services {
            for field in ["prefix", "name", "doc_url"] {
                self.str(text(&svc[field]));
            }
        }
        for svc in services {
            for (list, fields) in
                [("actions", &["name"][..]), ("resource_types", &["name", "arn"]), ("condition_keys", &["name"])]
            {
                for item in svc[list].as_array().expect(list) {
                    for field in fields {
                        self.str(text(&item[*field]));
                    }
                }
            }
        }
    }

    fn service(&mut self, svc: &Value) -> Vec<u32> {
        let type_names: Vec<&str> =
            svc["resource_types"].as_array().expect("types").iter().map(|t| text(&t["name"])).collect();
        let actions: Vec<Vec<u32>> =
            svc["actions"].as_array().expect("actions").iter().map(|a| self.action(a, &type_names)).collect();
        let action_names: Vec<&str> =
            svc["actions"].as_array().expect("actions").iter().map(|a| text(&a["name"])).collect();
        let action_table = self.table(&action_names);
        let actions = self.list(actions);
        let types: Vec<Vec<u32>> =
            svc["resource_types"].as_array().expect("types").iter().map(|t| self.resource_type(t)).collect();
        let type_table = self.table(&type_names);
        let types = self.list(types);
        let keys: Vec<Vec<u32>> =
            svc["condition_keys"].as_array().expect("keys").iter().map(|k| self.condition_key(k)).collect();
        let keys = self.list(keys);
        let mut record = Vec::new();
        for field in ["prefix", "name", "doc_url"] {
            record.extend(self.str(text(&svc[field])));
        }
        for pair in [actions, action_table, types, type_table, keys] {
            record.extend(pair);
        }
        record
    }

    /// Every service ARN templates name (lower case, sorted; `""` for a placeholder) with the
    /// indexes of the services (sorted by prefix) whose pages hold such templates, and a table of
    /// the names: which pages document an ARN service is then one lookup, not a scan.
    fn arn_services(&mut self, services: &[Value]) -> ([u32; 2], [u32; 2]) {
        let mut pages: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        for (i, svc) in services.iter().enumerate() {
            for name in arn_services(svc) {
                pages.entry(name).or_default().push(word(i));
            }
        }
        let records = pages
            .iter()
            .map(|(name, indexes)| {
                let at = word(self.words.len());
                self.words.extend(indexes);
                let mut record = self.str(name).to_vec();
                record.extend([at, word(indexes.len())]);
                record
            })
            .collect();
        let names: Vec<&str> = pages.keys().map(String::as_str).collect();
        let table = self.table(&names);
        (self.list(records), table)
    }

    fn action(&mut self, a: &Value, type_names: &[&str]) -> Vec<u32> {
        let rows: Vec<Vec<u32>> = a["resource_types"]
            .as_array()
            .expect("action resource types")
            .iter()
            .map(|r| {
                let name = text(&r["resource_type"]);
                let index = type_names.binary_search_by(|t| cmp_ci(t, name)).map_or(NONE, word);
                let mut row = self.str(name).to_vec();
                row.push(u32::from(r["required"].as_bool().expect("required")));
                row.extend(self.strs(&r["condition_keys"]));
                row.push(index);
                row
            })
            .collect();
        let rows = self.list(rows);
        let level = text(&a["access_level"]);
        let level = ACCESS_LEVELS.iter().position(|l| *l == level).unwrap_or_else(|| panic!("access level {level}"));
        let mut record = self.str(text(&a["name"])).to_vec();
        record.extend(self.str(text(&a["description"])));
        record.push(word(level));
        record.extend(self.opt_str(&a["api_doc_url"]));
        record.extend(rows);
        record.extend(self.strs(&a["condition_keys"]));
        record.extend(self.strs(&a["dependent_actions"]));
        record
    }

    fn resource_type(&mut self, t: &Value) -> Vec<u32> {
        let mut record = self.str(text(&t["name"])).to_vec();
        record.extend(self.str(text(&t["arn"])));
        record.extend(self.strs(&t["condition_keys"]));
        record.extend(self.strs(&t["documented"]));
        record
    }

    fn condition_key(&mut self, k: &Value) -> Vec<u32> {
        let mut record = self.str(text(&k["name"])).to_vec();
        record.push(key_type(&k["type"]));
        record.extend(self.str(text(&k["description"])));
        record
    }

    fn global_key(&mut self, k: &Value) -> Vec<u32> {
        let flag = |name: &str| u32::from(k[name].as_bool().unwrap_or_else(|| panic!("{name} of {}", k["name"])));
        let mut record = self.str(text(&k["name"])).to_vec();
        record.push(key_type(&k["type"]));
        record.push(flag("multivalued"));
        record.extend(self.str(text(&k["description"])));
        record.extend(self.opt_str(&k["deprecated_by"]));
        record.push(flag("always_present"));
        record
    }
}

fn key_type(v: &Value) -> u32 {
    let name = text(v);
    word(KEY_TYPES.iter().position(|t| *t == name).unwrap_or(KEY_TYPES.len()))
}

/// The services the ARN templates of a service's resource types name (those of the reference,
/// joined by ", ", and those the user guides add), lower case, sorted; `""` for a placeholder
/// (`${Vendor}`) or a template without a service field: a page not listed under an ARN's service
/// holds no template that ARN can match.
fn arn_services(service: &Value) -> Vec<String> {
    let types = service["resource_types"].as_array().into_iter().flatten();
    let templates = types.flat_map(|rt| {
        let documented = rt["documented"].as_array().into_iter().flatten().filter_map(Value::as_str);
        rt["arn"].as_str().into_iter().flat_map(|arn| arn.split(", ")).chain(documented)
    });
    let mut names: Vec<String> = templates
        .map(|arn| match arn.split(':').nth(2) {
            Some(field) if !field.contains("${") => field.to_ascii_lowercase(),
            _ => String::new(),
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The first word of a table slot: `index + 1` and the length of the name; `None` when either
/// does not fit.
fn slot(index: usize, len: usize) -> Option<u32> {
    let index = u32::try_from(index + 1).ok().filter(|&i| i < 1 << INDEX_BITS)?;
    let len = u32::try_from(len).ok().filter(|&l| l < 1 << (32 - INDEX_BITS))?;
    Some(len << INDEX_BITS | index)
}

/// Slots of a table for `n` names: at most half full, so probes stay short.
fn table_slots(n: usize) -> usize {
    (2 * n).next_power_of_two().max(1)
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("expected a string, found {v}"))
}

fn word(n: usize) -> u32 {
    u32::try_from(n).expect("catalog offsets fit in 32 bits")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
