// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons next to the resume link and code.
  document.querySelectorAll("button.copy").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const target = document.getElementById(button.dataset.copy);
      const text = target.value !== undefined ? target.value : target.textContent;
      await navigator.clipboard.writeText(text.trim());
      const status = document.querySelector(".copied");
      if (status) status.textContent = button.dataset.done || button.textContent + " ✓";
    });
  });
  // Exclusive choices ("Aucun", "Je ne sais pas") untick the others, and the reverse.
  document.querySelectorAll("fieldset.question").forEach((fieldset) => {
    const boxes = [...fieldset.querySelectorAll("input[type=checkbox]")];
    const textInput = fieldset.querySelector(".free input, .free textarea");
    boxes.forEach((box) => box.addEventListener("change", () => {
      if (!box.checked) return;
      if (textInput && box.name.endsWith("__special")) textInput.value = "";
      boxes.filter((other) => other !== box && other.name === box.name
        && (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")))
        .forEach((other) => { other.checked = false; });
    }));
    if (textInput) textInput.addEventListener("input", () => {
      if (textInput.value.trim()) boxes.forEach((box) => { box.checked = false; });
    });
  });
  // An export's progress: fetch the page again every 2 s and swap its panel, whose status
  // region is announced; stops when the export has ended (the new panel has no data-refresh).
  const poll = () => {
    const panel = document.getElementById("export-panel");
    if (!panel || !panel.dataset.refresh) return;
    setTimeout(async () => {
      try {
        const response = await fetch(panel.dataset.refresh, {credentials: "same-origin"});
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("export-panel");
        if (fresh) panel.replaceWith(fresh);
      } catch (error) { /* the network hiccupped: try again */ }
      poll();
    }, 2000);
  };
  poll();
  // Put the focus on the error summary so screen readers announce it; else on the questions
  // that the answers just made appear (which also scrolls them into view).
  const summary = document.getElementById("error-summary");
  const appeared = document.getElementById("new-questions");
  if (summary) summary.focus();
  else if (appeared) {
    appeared.focus({preventScroll: true});
    appeared.scrollIntoView({block: "start"});
  }
});
