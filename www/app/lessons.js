// lessons.js: the guided lessons. A lesson is a few steps; a step sets the
// playground's settings (state.js keys), says what to try and what to look
// for. Each step's state is a URL: #lesson=ID&step=N (with any other
// setting the link carries on top). A new lesson is one entry here; the
// lesson panel (lessonview.js) lists them all. Every "look for" is checked
// in Chromium by build/test/page_lessons.test.mjs.
// Pure: data and lookups; no DOM, no API.

/** The settings every lesson starts from, whatever the page had. */
const COMMON = {
  noise: 0.05,
  size: 200,
  testPct: 30,
  valPct: 20,
  label: '',
  labelAs: 'auto',
  normalize: false,
  dropout: 0,
  reg: 'none',
  regRate: 0.01,
  loss: 'auto',
  earlyStop: false,
  patience: 10,
  showTest: false,
  discretize: false,
  features: ['x1', 'x2'],
  threshold: 0.5,
  seed: 1,
};

/**
 * @typedef {{ title: string, text: string, tryThis: string, lookFor: string, state?: object }} Step
 * @typedef {{ id: string, title: string, summary: string, base: object, steps: Step[] }} Lesson
 * @type {Lesson[]}
 */
export const LESSONS = [
  {
    id: 'neuron',
    title: 'What a neuron computes',
    summary: 'One neuron: a weighted sum and a squash, and the straight line it draws.',
    base: { dataset: 'gaussian', layers: [], optimizer: 'sgd', lr: 0.1, batch: 16, epochs: 30 },
    steps: [
      {
        title: 'A weighted sum, then a squash',
        text: 'With no hidden layer the network is a single neuron. It multiplies each input by its weight, adds a bias, z = w₁·x₁ + w₂·x₂ + b, and squashes the sum with the sigmoid, p = σ(z) = 1/(1 + e^−z): the probability of class 1. The plot\'s background is p over the plane; p = 0.5 where z = 0, which is a straight line.',
        tryThis: 'In "Learn the math", read the forward pass of dense_1: multiply and add the numbers of z₁ yourself. Then pick another Example.',
        lookFor: 'z₁ is exactly x₁·W₁,₁ + x₂·W₂,₁ + b₁ with the numbers shown, and a₁ = σ(z₁): that sum and that squash are all a neuron does.',
      },
      {
        title: 'A weight by hand',
        text: 'The weights decide which way the line runs. w₁ says how much the neuron looks at x₁ (left to right), w₂ at x₂ (bottom to top).',
        tryThis: 'Click the link from x1 to the output neuron in the diagram (or choose Layer dense_1, Neuron 1, Input 1 in "Learn the math"), type 0 as its weight and press Enter.',
        lookFor: 'With w₁ = 0 the neuron no longer looks at x₁: its picture in the diagram changes only from top to bottom, and so does the plot\'s background. The line is level.',
      },
      {
        title: 'Training turns the line',
        text: 'Gradient descent changes w₁, w₂ and b, a little each batch, so as to lower the loss.',
        tryThis: 'Press Play. Then choose the Circle data and press Play again.',
        lookFor: 'On the two blobs the line turns and shifts until it separates them: validation accuracy 100%. On the circle it cannot: one neuron draws only straight lines, and no line encloses a ring (validation accuracy stays near 50%). That is what hidden layers are for.',
      },
    ],
  },
  {
    id: 'backprop',
    title: 'Backpropagation, one Step at a time',
    summary: 'The chain rule with the model\'s own numbers, and one gradient-descent step.',
    base: { dataset: 'circle', layers: [{ units: 3, activation: 'tanh' }], optimizer: 'sgd', lr: 0.1, batch: 16, epochs: 20 },
    steps: [
      {
        title: 'Forward, backward, update',
        text: '"Learn the math" follows one example through the network (forward pass) to its loss L, then back (backward pass): the chain rule turns ∂L/∂a into ∂L/∂z = ∂L/∂a · f′(z), and that into each weight\'s gradient ∂L/∂W = x · ∂L/∂z. With SGD a weight then moves by ΔW = −η · ∂L/∂W.',
        tryThis: 'Note the selected weight W₁,₁, its ΔW and the loss L in "Learn the math", then press "Step: train on this example" once.',
        lookFor: 'The weight is now exactly W + ΔW as shown before the Step (η = 0.1), and the loss L of this example is lower.',
      },
      {
        title: 'Again and again',
        text: 'Each Step computes the gradient afresh at the new weights and moves down it again.',
        tryThis: 'Press "Step: train on this example" five more times, watching L.',
        lookFor: 'The loss of this example falls at every Step: gradient descent on one example.',
      },
      {
        title: 'Every example, in batches',
        text: 'Training does the same on batches of examples (here 16), with the gradient averaged over the batch, one batch after another through all the training data: an epoch.',
        tryThis: 'Press Play.',
        lookFor: 'The training loss curve falls epoch after epoch, and the boundary bends around the circle.',
      },
    ],
  },
  {
    id: 'overfit',
    title: 'Overfitting and regularization',
    summary: 'A big network learns the noise of a few points; L2, dropout or early stopping rein it in.',
    base: { dataset: 'moons', size: 100, noise: 0.3, valPct: 30, layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }], optimizer: 'adam', lr: 0.01, batch: 8, epochs: 300 },
    steps: [
      {
        title: 'A big network, few points',
        text: 'Three layers of 64 neurons, 8 577 weights and biases, for 49 noisy training points. The validation data (21 points) is not trained on: it shows how the model does on data it has not seen.',
        tryThis: 'Press Play and watch the two loss curves.',
        lookFor: 'The training loss falls to almost 0, while the validation loss falls for a few epochs, then climbs far above its minimum: the network learns the noise of its training points by heart (overfitting), and the boundary wraps around single points.',
      },
      {
        title: 'L2 brings it down',
        text: 'An L2 penalty adds λ·Σw² to the loss (λ = 0.01 here), so large weights cost: the network is pushed towards smoother boundaries.',
        tryThis: 'Press Play: the same network, with Regularization L2 at rate 0.01.',
        lookFor: 'The validation loss ends far lower than without L2 (below half), and the boundary is smooth.',
        state: { reg: 'l2' },
      },
      {
        title: 'Or dropout',
        text: 'Dropout switches off a random 20% of the neurons of each hidden layer at every training step, so no neuron can rely on a few others: another way to keep the network from learning the noise.',
        tryThis: 'Press Play: Regularization none, Dropout rate 0.2.',
        lookFor: 'Again the validation loss ends far lower than without regularization.',
        state: { dropout: 0.2 },
      },
      {
        title: 'Or stop in time',
        text: 'Early stopping watches the validation loss and ends training when it has not improved for a number of epochs (the patience), keeping the weights of its best epoch.',
        tryThis: 'Press Play: no regularization, Early stopping with a patience of 20 epochs.',
        lookFor: 'Training stops long before epoch 300, and the status line says the weights with the best validation loss are kept.',
        state: { earlyStop: true, patience: 20 },
      },
    ],
  },
  {
    id: 'normalize',
    title: 'Normalization',
    summary: 'Inputs on wildly different scales, and the layer that puts them on one.',
    base: { dataset: 'breast_cancer', layers: [{ units: 16, activation: 'relu' }], optimizer: 'adam', lr: 0.001, batch: 16, epochs: 20 },
    steps: [
      {
        title: 'Raw inputs',
        text: 'The 30 inputs of the breast cancer data are on very different scales: mean_area is in the hundreds (up to 2 500), mean_smoothness around 0.1. The first layer\'s sums are dominated by the large ones, and its neurons start out saturated.',
        tryThis: 'Press Play (Normalize inputs is off).',
        lookFor: 'The validation accuracy stays low: the network answers one class for (nearly) every example, and the loss hardly moves.',
      },
      {
        title: 'Normalized inputs',
        text: 'A normalization layer learns each input\'s mean μ and variance σ² from the training data, and feeds the network x̂ = (x − μ)/σ: every input centred on 0, with spread 1.',
        tryThis: 'Press Play (Normalize inputs is on). Then read the normalization layer in "Learn the math".',
        lookFor: 'Validation accuracy above 95% within a few epochs. The math panel shows each input\'s μ and σ², as the layer learned them, and x̂ for this example, all of a similar size.',
        state: { normalize: true },
      },
    ],
  },
];

/** Lesson ids, for the state's enum ('none' when no lesson runs). */
export const LESSON_IDS = LESSONS.map((l) => l.id);

/** The lesson with id, or null. */
export function lessonById(id) {
  return LESSONS.find((l) => l.id === id) ?? null;
}

/**
 * The settings of step n (1-based) of lesson id: the lessons' common
 * settings, the lesson's own, the step's, and the lesson and step keys.
 * null for no such lesson or step.
 */
export function lessonState(id, n) {
  const lesson = lessonById(id);
  const step = lesson?.steps[n - 1];
  if (!step) return null;
  const copy = (o) => JSON.parse(JSON.stringify(o));
  return { ...COMMON, ...copy(lesson.base), ...copy(step.state ?? {}), lesson: id, step: n };
}
