/**
 * What the harness shows when the panel opens a file picker and no test has queued an answer: the
 * files of the folder that holds that kind of file (the bundled example shot lists, the sample
 * images), as buttons, with Cancel. Only files of the types the panel asked for are offered.
 */
export function chooseFileDialog(title: string, names: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    const overlay = document.createElement("div");
    overlay.id = "hx-picker";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-label", title);
    const box = document.createElement("div");
    box.className = "hx-picker-box";
    const heading = document.createElement("div");
    heading.className = "hx-h";
    heading.textContent = names.length ? title : `${title}: there is no such file in the harness folder`;
    box.appendChild(heading);
    const done = (answer: string | null) => {
      overlay.remove();
      resolve(answer);
    };
    for (const name of names) {
      const button = document.createElement("button");
      button.textContent = name;
      button.dataset.file = name;
      button.addEventListener("click", () => done(name));
      box.appendChild(button);
    }
    const cancel = document.createElement("button");
    cancel.textContent = "Cancel";
    cancel.id = "hx-picker-cancel";
    cancel.addEventListener("click", () => done(null));
    box.appendChild(cancel);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  });
}
