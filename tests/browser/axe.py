"""axe-core in the browser tests' pages: the vendored script (vendor/axe-core/README.md) and its WCAG 2.1 A/AA run.

The pages load axe from an address of the live server's own, which each browser context answers with the vendored
file itself (conftest.py): the page's Content-Security-Policy (scripts from the site only) lets it in, so the audit
runs under the policy readers get, with no need to switch the policy off (Playwright's bypass_csp) to inject it."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_ADDRESS = "/__browser-tests__/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """The WCAG 2.1 A and AA violations axe-core finds on `page`, each with the elements it found it on."""
    page.add_script_tag(url=AXE_ADDRESS)
    return page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const results = await axe.run(document, options);
            return results.violations.map((violation) => ({
                id: violation.id, impact: violation.impact, help: violation.help,
                nodes: violation.nodes.map((node) => ({target: node.target, html: node.html,
                                                       summary: node.failureSummary})),
            }));
        }""",
        TAGS,
    )
