// Works the swingometer out in the page as the slider moves, with the figures the server used (data attributes),
// so the form and the slider always agree. Without JavaScript the form does the same on the server.
(function () {
  const swing = document.getElementById('swing')
  const slider = document.getElementById('uplift-slider')
  const input = document.getElementById('uplift')
  if (!swing || !slider || !input) {
    return
  }
  const number = name => parseFloat(swing.dataset[name])
  const pounds = value => '£' + value.toFixed(2)
  // As the server rounds: to the penny (half up), then the page's number format to the pound (half to even).
  const wholePounds = value => {
    const pence = Math.round(value * 100)
    let whole = Math.floor(pence / 100)
    const rest = pence - whole * 100
    if (rest > 50 || (rest === 50 && whole % 2 !== 0)) {
      whole += 1
    }
    return '£' + whole.toLocaleString('en-GB')
  }
  // A plain decimal as digits and places ("107.57" is 10757 at 2), or null for anything else.
  const decimal = text => {
    const match = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(text.trim())
    if (!match || (match[2] + (match[3] || '')) === '') {
      return null
    }
    const places = (match[3] || '').length
    const digits = BigInt(match[2] + (match[3] || ''))
    return { digits: match[1] === '-' ? -digits : digits, places }
  }
  // The offer to the penny as the server gives it: the base and the uplift are exact decimals, so their product is
  // worked out in whole numbers and rounded half up; a double holds 161.355 just below the half penny.
  const offeredPounds = (baseText, upliftText) => {
    const base = decimal(baseText)
    const uplift = decimal(upliftText)
    if (!base || !uplift) {
      return null
    }
    const hundred = 100n * 10n ** BigInt(uplift.places)
    const product = base.digits * (hundred + uplift.digits)
    const scale = 10n ** BigInt(base.places + uplift.places + 2)
    // Pence, half up: the uplift is at least -50%, so the offer is never below zero.
    const pence = (product * 200n + scale) / (2n * scale)
    return '£' + (pence / 100n).toString() + '.' + (pence % 100n).toString().padStart(2, '0')
  }
  const set = (id, text) => {
    const element = document.getElementById(id)
    if (element) {
      element.textContent = text
    }
  }
  const update = (uplift, upliftText) => {
    const base = number('base')
    const baseline = number('baseline')
    // The unrounded ratio of the two indexes, as the server uses: the four-place one shown is for reading only.
    const ratio = number('cpiUplift') / number('cpiBase')
    const offered = base * (1 + uplift / 100)
    const real = offered / ratio
    const needed = baseline * ratio
    const shortfall = Math.max(0, needed - offered)
    set('uplift-shown', String(uplift))
    set('offered', offeredPounds(swing.dataset.base, upliftText) || pounds(offered))
    set('real', pounds(real))
    set('real-change', ((real / baseline - 1) * 100).toFixed(1) + '%')
    set('needed', pounds(needed))
    set('shortfall', pounds(shortfall))
    for (const [id, weighted] of [['average-shortfall', 'averageWeighted'], ['practice-shortfall', 'practiceWeighted'],
      ['england-shortfall', 'englandWeighted']]) {
      if (swing.dataset[weighted]) {
        set(id, wholePounds(shortfall * number(weighted)))
      }
    }
  }
  document.getElementById('slider-group').hidden = false
  slider.addEventListener('input', () => {
    input.value = slider.value
    update(parseFloat(slider.value), slider.value)
  })
  input.addEventListener('input', () => {
    const uplift = parseFloat(input.value)
    if (Number.isFinite(uplift) && uplift >= -50 && uplift <= 100) {
      slider.value = String(uplift)
      update(uplift, input.value.replace('%', ''))
    }
  })
})()
