<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own strings in Tigrinya: Qt ships no qtbase_ti.qm. Edit here (or in Qt Linguist),
     then `make translations` compiles qtbase_ti.qm with pyside6-lrelease. -->
<TS version="2.1" language="ti">
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>እሺ</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ዓቅብ</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>ኩሉ ዓቅብ</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>ክፈት</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;እወ</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>&amp;ንኹሉ እወ</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;ኣይፋል</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>ንኹሉ ኣይፋ&amp;ል</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>ኣቋርጽ</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>እንደገና ፈትን</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>ሕለፎ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ዕጸው</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ሰርዝ</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>ደርብዮ</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>ሓገዝ</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>ተግብር</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>ዳግም ኣቐምጥ</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>ናብ መበገሲ ምለስ</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;ምለስ</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;ደጊምካ ግበር</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;ቁረጽ</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;ቅዳሕ</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;ለጥፍ</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ደምስስ</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>ኩሉ ምረጽ</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;ምለስ</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;ደጊምካ ግበር</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;ቁረጽ</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;ቅዳሕ</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;ለጥፍ</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ደምስስ</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>ኩሉ ምረጽ</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>ኣድራሻ &amp;መላግቦ ቅዳሕ</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>Go Back</source>
        <translation>ንድሕሪት ተመለስ</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;ንድሕሪት</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>ቀጽል</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;ዝቕጽል</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;ዝቕጽል &gt;</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>ኣጽንዕ</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>ተወዲኡ</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;ወድእ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ሰርዝ</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>ሓገዝ</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;ሓገዝ</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>ዝርዝር ኣርኢ...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>ዝርዝር ሕባእ...</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>እሺ</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <source>OK</source>
        <translation>እሺ</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Step up</source>
        <translation>ናብ &amp;ላዕሊ</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>ናብ &amp;ታሕቲ</translation>
    </message>
    <message>
        <source>&amp;Select All</source>
        <translation>ኩሉ &amp;ምረጽ</translation>
    </message>
</context>
<context>
    <name>QShortcut</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>ባዶ ቦታ</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>ላዕሊ</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>ታሕቲ</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>ጸጋም</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>የማን</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <source>Scroll here</source>
        <translation>ኣብዚ ኣንሸራትት</translation>
    </message>
    <message>
        <source>Left edge</source>
        <translation>ጸጋማይ ወሰን</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>ላዕሊ</translation>
    </message>
    <message>
        <source>Right edge</source>
        <translation>የማናይ ወሰን</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>ታሕቲ</translation>
    </message>
    <message>
        <source>Page left</source>
        <translation>ገጽ ናብ ጸጋም</translation>
    </message>
    <message>
        <source>Page up</source>
        <translation>ገጽ ናብ ላዕሊ</translation>
    </message>
    <message>
        <source>Page right</source>
        <translation>ገጽ ናብ የማን</translation>
    </message>
    <message>
        <source>Page down</source>
        <translation>ገጽ ናብ ታሕቲ</translation>
    </message>
    <message>
        <source>Scroll left</source>
        <translation>ናብ ጸጋም ኣንሸራትት</translation>
    </message>
    <message>
        <source>Scroll up</source>
        <translation>ናብ ላዕሊ ኣንሸራትት</translation>
    </message>
    <message>
        <source>Scroll right</source>
        <translation>ናብ የማን ኣንሸራትት</translation>
    </message>
    <message>
        <source>Scroll down</source>
        <translation>ናብ ታሕቲ ኣንሸራትት</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation>ናብ ጸጋም ኣንሸራትት</translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation>ናብ የማን ኣንሸራትት</translation>
    </message>
</context>
<context>
    <name>QComboBox</name>
    <message>
        <source>False</source>
        <translation>ሓሶት</translation>
    </message>
    <message>
        <source>True</source>
        <translation>ሓቂ</translation>
    </message>
</context>
</TS>
