// SPDX-License-Identifier: MIT
#pragma once

class QWidget;

namespace optconf {

/// Keeps a top-level window within the available geometry of its screen: a size restored from
/// another screen or scale factor, or the default size on a small screen, is shrunk (not below the
/// window's minimum size) and moved so that the whole window can be reached.
void fitToScreen(QWidget& window);

} // namespace optconf
