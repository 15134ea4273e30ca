import { z } from "zod";

// zod 4 probes `new Function` on first use; UXP forbids code generation from strings unless the
// manifest allows it. Every schema module imports this file first.
z.config({ jitless: true });

export { z };
