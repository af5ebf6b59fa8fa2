# Run once on the validation store after the code lists are loaded: every concept gets its
# Chinese label in a normal form (no spaces, half-width brackets), so code-name
# (../codes.ttl) compares printed names with one lookup instead of normalising every label.
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX bkgsh: <https://w3id.org/budgetkg/shapes#>
INSERT { GRAPH <urn:budgetkg:validation:vocabulary> { ?concept bkgsh:normalLabel ?normal } }
WHERE {
  GRAPH ?any { ?concept skos:prefLabel ?label }
  FILTER(LANG(?label) = "zh")
  BIND(REPLACE(REPLACE(REPLACE(STR(?label), "[\\s\u3000]+", ""), "（", "("), "）", ")") AS ?normal)
}
